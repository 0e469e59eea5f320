import {
  defaultMaxConnections, halvingLadder, maxConnectionsFor, memoryGiB, parseInstanceClass,
} from '../lib/private/rds-instance-classes';

const c = (name: string) => parseInstanceClass(name)!;

describe('RDS for PostgreSQL instance classes', () => {
  test.each([
    ['db.r7g.16xlarge', true], ['r7g.2xlarge', true], ['db.t4g.micro', true], ['db.r7g.24xlarge', false],
    ['db.m5.48xlarge', false], ['db.z9.large', false], ['db.r7g', false], ['r7g.6xlarge', false], ['db.r8g.48xlarge', true],
  ])('%s offered: %s', (name, offered) => {
    expect(parseInstanceClass(name) !== undefined).toBe(offered);
  });

  test.each([
    ['db.r7g.16xlarge', 'db.r7g.2xlarge', ['16xlarge', '8xlarge', '4xlarge', '2xlarge']],
    ['db.r6i.32xlarge', 'db.r6i.xlarge', ['32xlarge', '16xlarge', '8xlarge', '4xlarge', '2xlarge', 'xlarge']],
    ['db.r5.12xlarge', 'db.r5.large', ['12xlarge', '4xlarge', '2xlarge', 'xlarge', 'large']],
    ['db.r7i.48xlarge', 'db.r7i.4xlarge', ['48xlarge', '24xlarge', '12xlarge', '4xlarge']],
    ['db.t4g.2xlarge', 'db.t4g.medium', ['2xlarge', 'xlarge', 'large', 'medium']],
    ['db.r7g.4xlarge', 'db.r7g.4xlarge', ['4xlarge']],
  ])('halving ladder %s → %s', (peak, base, sizes) => {
    expect(halvingLadder(c(peak), c(base)).map((x) => x.size)).toEqual(sizes);
  });

  test('memory and max_connections', () => {
    expect(memoryGiB(c('db.r7g.2xlarge'))).toBe(64);
    expect(memoryGiB(c('db.m7g.large'))).toBe(8);
    expect(memoryGiB(c('db.t4g.medium'))).toBe(4);
    expect(defaultMaxConnections(c('db.t4g.medium'))).toBe(450);
    expect(defaultMaxConnections(c('db.r7g.large'))).toBe(1802);
    expect(defaultMaxConnections(c('db.r7g.2xlarge'))).toBe(5000);
  });

  test('a class-derived max_connections is known only between bounds: DBInstanceClassMemory is less than the class\'s memory', () => {
    // 16 GiB: 1802 on all of it, 1622 on the 90 % the OS and RDS are taken to leave
    expect([defaultMaxConnections(c('db.r7g.large'), 'postgres', 'upper'), defaultMaxConnections(c('db.r7g.large'), 'postgres', 'lower')])
      .toEqual([1802, 1622]);
    // the cap holds at both ends once 90 % of the memory reaches it (64 GiB × 0.9 / 9531392 = 6489)
    expect(defaultMaxConnections(c('db.r7g.2xlarge'), 'postgres', 'lower')).toBe(5000);
    expect(defaultMaxConnections(c('db.r7g.large'), 'mysql', 'lower')).toBe(1228);
    // small classes keep at least 512 MiB back: 1 GiB → 56 (the formula on all of it: 112; reports say 60-80)
    expect([defaultMaxConnections(c('db.t4g.micro'), 'postgres', 'upper'), defaultMaxConnections(c('db.t4g.micro'), 'postgres', 'lower')])
      .toEqual([112, 56]);
    // a pinned value is exact
    expect(maxConnectionsFor(c('db.r7g.large'), { max_connections: '3000' }, 'postgres', 'lower')).toBe(3000);
  });
});
