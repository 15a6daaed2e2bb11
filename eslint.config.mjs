// Lint (typescript-eslint's recommended rules) and the architecture's one hard rule: only stores
// (`*.store.ts`) and `src/db/` touch the database — knex is imported nowhere else in src/ (DESIGN:
// router → service → store). Formatting is prettier's (eslint-config-prettier turns off the rules
// that would fight it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/.data/', 'src/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // prettier's width; it cannot break comments or long messages, so the limit is checked here.
      'max-len': ['error', { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.store.ts', 'src/db/**'],
    rules: {
      // Holding the pool is allowed (a service passes it to its store); building a query with it is not.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='Identifier'][callee.name=/^(db|trx|tx|knex)$/]",
          message: 'A query outside a store: move it into the area’s *.store.ts.',
        },
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.object.type='ThisExpression'][callee.property.name='db']",
          message: 'A query outside a store: move it into the area’s *.store.ts.',
        },
        {
          selector: 'MemberExpression[object.name=/^(db|trx|tx)$/][property.name=/^(raw|schema|transaction)$/]',
          message: 'Raw SQL, schema or transactions outside src/db and stores: use a store, or transaction() from src/db/database.ts.',
        },
        {
          selector:
            "MemberExpression[object.type='MemberExpression'][object.object.type='ThisExpression'][object.property.name='db'][property.name=/^(raw|schema|transaction)$/]",
          message: 'Raw SQL, schema or transactions outside src/db and stores: use a store, or transaction() from src/db/database.ts.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'knex',
              message: 'Only stores (*.store.ts) and src/db/ touch the database: call a store, or use the types of src/db/database.ts.',
            },
          ],
          // An area calls another area's service, never its store (src/modules/areas.ts wires them).
          patterns: [
            {
              group: ['../*/*.store', '../../modules/*/*.store'],
              message: "Another area's store: call that area's service (passed to this area's factory) instead.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
