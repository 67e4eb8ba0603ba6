/**
 * sql_recovery_backup_host (alias sql_backup_host): where a flush goes when
 * the primary server refuses it.
 *
 * pmacct 1.7.7 marks the primary failed at the first query that fails in a
 * purge and sends that purge's remaining entries to the backup host
 * (same sql_port, sql_user, sql_passwd, sql_db and sql_conn_ca_file;
 * SQLite: the backup is another database file), creating dynamic tables
 * there and locking as on the primary; the next purge tries the primary
 * again. What reached the backup stays there.
 *
 * tsacct does the same per flush, whole: the flush goes to the primary in
 * one transaction; when that fails (and was rolled back), the same flush
 * goes to the backup in one transaction; only when both fail does it go to
 * the consumer's retry queue, whose retries again try the primary first.
 * A flush written to the backup is done: it is never written to the primary
 * as well. The one exception is a flush whose COMMIT on the primary got no
 * answer: it may be on the primary already, so it does not go to the
 * backup but waits to be settled on the primary (sqlWriter.ts), and the
 * flushes behind it wait with it.
 */
import type { AggregateWriter, FlushBatch } from '../../core/aggregatingConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import type { SqlWriter } from './sqlWriter.ts';

export class SqlRecoveryWriter implements AggregateWriter {
  private readonly primary: SqlWriter;
  private readonly backup: SqlWriter;
  private readonly tag: string;
  private readonly backupName: string;
  private readonly logger: Logger;
  /** Flushes written to the backup host since the start. */
  recovered = 0;

  constructor(primary: SqlWriter, backup: SqlWriter, tag: string, backupName: string, logger: Logger) {
    this.primary = primary;
    this.backup = backup;
    this.tag = tag;
    this.backupName = backupName;
    this.logger = logger;
  }

  async write(batch: FlushBatch): Promise<void> {
    try {
      await this.primary.write(batch);
      return;
    } catch (primaryError) {
      const reason = (primaryError as Error).message;
      if (this.primary.mayHaveCommitted()) {
        this.logger.warn(`${this.tag}: primary server failed (${reason}); not using the backup host '${this.backupName}': the purge may have committed on the primary, so it waits to be settled there`);
        throw primaryError;
      }
      this.logger.warn(`${this.tag}: primary server failed (${reason}); writing the purge to the backup host '${this.backupName}'`);
      try {
        await this.backup.write(batch);
      } catch (backupError) {
        throw new Error(`primary server failed (${reason}); backup host '${this.backupName}' failed too (${(backupError as Error).message})`, { cause: backupError });
      }
      this.recovered++;
      this.logger.warn(`${this.tag}: purge of ${batch.cache.size} entries written to the backup host '${this.backupName}'`);
    }
  }

  async close(): Promise<void> {
    const results = await Promise.allSettled([this.primary.close(), this.backup.close()]);
    for (const r of results) if (r.status === 'rejected') throw r.reason;
  }
}
