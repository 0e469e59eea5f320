// Lint rules in the spirit of the aws-cdk and projen construct projects: typescript-eslint's
// recommended set (without type information, so it stays fast), imports that resolve to
// declared dependencies in the right order, and the CDK projects' formatting rules.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'dist-lang/', 'cdk.out/', 'docs/', 'coverage/', '.bench/', 'test/__snapshots__/', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    plugins: { '@stylistic': stylistic, 'import-x': importX },
    languageOptions: { sourceType: 'module' },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } } },
    rules: {
      // Formatting, as the CDK projects write it.
      '@stylistic/indent': ['error', 2, { SwitchCase: 1, FunctionDeclaration: { parameters: 'off' }, FunctionExpression: { parameters: 'off' }, CallExpression: { arguments: 'off' } }],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/max-len': ['error', { code: 150, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/eol-last': 'error',
      '@stylistic/keyword-spacing': 'error',
      '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
      '@stylistic/no-multiple-empty-lines': ['error', { max: 1 }],
      '@stylistic/member-delimiter-style': 'error',
      // Correctness.
      'curly': ['error', 'multi-line', 'consistent'],
      'eqeqeq': ['error', 'always', { null: 'ignore' }],
      'no-duplicate-imports': 'error',
      'no-return-await': 'off',
      '@typescript-eslint/no-shadow': 'error',
      '@typescript-eslint/no-require-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Imports: ordered, and only from declared dependencies.
      'import-x/order': ['error', { groups: ['builtin', 'external'], alphabetize: { order: 'asc', caseInsensitive: true } }],
      'import-x/no-duplicates': 'error',
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: true, peerDependencies: true, optionalDependencies: false }],
    },
  },
  {
    // The library users install: only its peers (aws-cdk-lib, constructs) at run time. The CLI
    // (lib/cli) is bundled with the SDK clients it calls, so it may use development dependencies.
    files: ['lib/**/*.ts'],
    ignores: ['lib/cli/**'],
    rules: {
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: false, peerDependencies: true, optionalDependencies: false }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
