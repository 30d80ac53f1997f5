import { DataSource } from 'typeorm';
import { dataSourceOptions, type DatabaseConnectionSettings } from './data-source-options.js';

/**
 * Connections to PostgreSQL of their own, beside the process's pool, for work that must not wait
 * behind requests for theirs: requests take the pool's connections first come first served, and
 * under load every one is in use (docs/decisions/0063, 0069). Opened at the first {@link open};
 * the pool closes a connection idle for 10 s and opens one again when it is next asked.
 */
export class OwnPool {
  private opening: Promise<DataSource> | null = null;
  private closed = false;

  constructor(private readonly settings: DatabaseConnectionSettings) {}

  /** The pool, open; refused once {@link close}d, so that nothing opens it again while the process stops. */
  open(): Promise<DataSource> {
    if (this.closed) return Promise.reject(new Error(`${this.settings.applicationName}: closed, the process is stopping`));
    this.opening ??= new DataSource(dataSourceOptions(this.settings)).initialize().catch((error: unknown) => {
      // The next use tries again.
      this.opening = null;
      throw error;
    });
    return this.opening;
  }

  /** When the process stops. */
  async close(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = null;
    const source = await opening?.catch(() => null);
    if (source?.isInitialized) await source.destroy();
  }
}
