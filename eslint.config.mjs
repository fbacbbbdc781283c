// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const outerLayers = ['**/infrastructure/**', '**/presenters/**'];
const drivers = ['typeorm', 'typeorm/*', 'pg', 'pg/*', 'express'];

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  // The domain layer is plain TypeScript: no framework, ORM or driver.
  {
    files: ['src/modules/*/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', ...drivers],
              message: 'domain/ must not depend on Nest, TypeORM or pg.',
            },
            {
              group: [...outerLayers, '**/application/**'],
              message: 'domain/ must not import outer layers.',
            },
          ],
        },
      ],
    },
  },
  // The application layer may use Nest only for dependency injection.
  {
    files: ['src/modules/*/application/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/common',
              allowImportNames: ['Injectable', 'Inject'],
              message:
                'application/ may import only Injectable and Inject from @nestjs/common.',
            },
          ],
          patterns: [
            {
              group: ['@nestjs/*', '!@nestjs/common', ...drivers],
              message: 'application/ must not depend on Nest, TypeORM or pg.',
            },
            {
              group: outerLayers,
              message: 'application/ must not import outer layers.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
    },
  },
);
