import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DynamicModule } from '@nestjs/common';

/** Where `npm run build` puts the web console (apps/console/dist), beside this app's own build. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist', import.meta.url));

/**
 * The web console at `/`: its files, and its index page for every other path a browser opens (the
 * console routes on the client). The api's own paths keep their answers, 404s included. Nothing is
 * served when the console was not built (an api-only build): the api still runs.
 */
export function consoleAssets(): DynamicModule[] {
  if (!existsSync(`${CONSOLE_DIST}/index.html`)) return [];
  return [
    ServeStaticModule.forRoot({
      rootPath: CONSOLE_DIST,
      exclude: ['/api/{*rest}', '/assets/{*rest}', '/health/{*rest}', '/metrics', '/feedback/{*rest}', '/conversation/{*rest}', '/what-came-of-it', '/what-came-of-it/{*rest}', '/socket.io/{*rest}'],
      serveStaticOptions: { index: false, maxAge: '1h', immutable: false },
    }),
  ];
}
