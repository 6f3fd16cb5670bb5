import type { Config } from 'jest';

const tsJest: [string, Record<string, unknown>] = [
  'ts-jest',
  { tsconfig: { jsx: 'react-jsx', module: 'commonjs', moduleResolution: 'node10', isolatedModules: true, verbatimModuleSyntax: false, ignoreDeprecations: '6.0' }, diagnostics: false },
];

const config: Config = {
  testTimeout: 30_000,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/features', '<rootDir>/store', '<rootDir>/src'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.dom\\.test\\.ts$'],
      transform: { '^.+\\.tsx?$': tsJest },
    },
    {
      displayName: 'dom',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/features', '<rootDir>/store', '<rootDir>/src'],
      testMatch: ['**/*.test.tsx', '**/*.dom.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
    },
  ],
};

export default config;
