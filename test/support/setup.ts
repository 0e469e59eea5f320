import { removeTestOutdirs } from './app';

afterAll(() => removeTestOutdirs());
