import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildHubSchema } from '../graphql/schema';
import { resolvers } from '../modules';

/**
 * Writes the SDL emitted from code to schema/schema.graphql; with `--check`, fails when the
 * committed file differs (the drift check of `npm run check`).
 */
async function main(): Promise<void> {
  const schema = await buildHubSchema(resolvers);
  const sdl = `${printSchema(lexicographicSortSchema(schema))}\n`;
  const file = path.resolve(__dirname, '../../schema/schema.graphql');
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (committed !== sdl) {
      console.error('schema/schema.graphql is out of date: run `npm run schema` and commit the result.');
      process.exit(1);
    }
    console.log('schema/schema.graphql is up to date');
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, sdl);
  console.log(`Wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
