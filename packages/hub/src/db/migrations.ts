import {
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  sql,
} from 'kysely';
import type { DialectName } from './database.js';

/**
 * Migrations live in code (not files) so they ship inside dist and run the same on SQLite and
 * PostgreSQL. Only portable column types: integer, text, real (double precision on PostgreSQL).
 * Append new migrations; never edit one that has shipped.
 */
function buildMigrations(dialect: DialectName): Record<string, Migration> {
  // SQLite's rowid alias vs PostgreSQL's identity column: the one non-portable bit of DDL.
  const id = (c: ColumnDefinitionBuilder) =>
    dialect === 'postgres'
      ? c.primaryKey().generatedByDefaultAsIdentity()
      : c.primaryKey().autoIncrement();
  return {
    '0001-registry-and-info': {
      async up(db: Kysely<unknown>) {
        const now = sql`''`;
        await db.schema
          .createTable('sites')
          .addColumn('id', 'integer', id)
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('official_name', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('country', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('country_code', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('roc', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('latitude', 'real')
          .addColumn('longitude', 'real')
          .addColumn('contact_email', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('contact_tel', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('home_url', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('certification_status', 'text', (c) => c.notNull().defaultTo('Candidate'))
          .addColumn('production_infrastructure', 'text', (c) =>
            c.notNull().defaultTo('Production'),
          )
          .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
          .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
          .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
          .execute();
        await db.schema
          .createTable('site_extensions')
          .addColumn('site_id', 'integer', (c) =>
            c.notNull().references('sites.id').onDelete('cascade'),
          )
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('site_extensions_pk', ['site_id', 'key'])
          .execute();
        await db.schema
          .createTable('endpoints')
          .addColumn('id', 'integer', id)
          .addColumn('site_id', 'integer', (c) =>
            c.notNull().references('sites.id').onDelete('cascade'),
          )
          .addColumn('service_type', 'text', (c) => c.notNull())
          .addColumn('hostname', 'text', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('host_dn', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('host_os', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('host_arch', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('in_production', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('monitored', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('beta', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
          .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
          .execute();
        await db.schema.createIndex('endpoints_site').on('endpoints').column('site_id').execute();
        await db.schema
          .createTable('vos')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('homepage', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
          .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
          .execute();
        await db.schema
          .createTable('site_vos')
          .addColumn('site_id', 'integer', (c) =>
            c.notNull().references('sites.id').onDelete('cascade'),
          )
          .addColumn('vo', 'text', (c) => c.notNull())
          .addColumn('project_id', 'text', (c) => c.notNull())
          .addColumn('project_name', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('source', 'text', (c) => c.notNull().defaultTo('registry'))
          .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
          .addPrimaryKeyConstraint('site_vos_pk', ['site_id', 'vo'])
          .execute();
        await db.schema
          .createTable('downtimes')
          .addColumn('id', 'integer', id)
          .addColumn('site_id', 'integer', (c) =>
            c.notNull().references('sites.id').onDelete('cascade'),
          )
          .addColumn('classification', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('start_at', 'text', (c) => c.notNull())
          .addColumn('end_at', 'text', (c) => c.notNull())
          .addColumn('inserted_at', 'text', (c) => c.notNull().defaultTo(now))
          .execute();
        await db.schema.createIndex('downtimes_site').on('downtimes').column('site_id').execute();
        await db.schema
          .createTable('downtime_endpoints')
          .addColumn('downtime_id', 'integer', (c) =>
            c.notNull().references('downtimes.id').onDelete('cascade'),
          )
          .addColumn('endpoint_id', 'integer', (c) =>
            c.notNull().references('endpoints.id').onDelete('cascade'),
          )
          .addPrimaryKeyConstraint('downtime_endpoints_pk', ['downtime_id', 'endpoint_id'])
          .execute();
        await db.schema
          .createTable('role_grants')
          .addColumn('id', 'integer', id)
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('target', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
          .addColumn('created_by', 'text', (c) => c.notNull().defaultTo(''))
          .addUniqueConstraint('role_grants_unique', ['subject', 'role', 'target'])
          .execute();
        await db.schema
          .createTable('info_documents')
          .addColumn('id', 'integer', id)
          .addColumn('site_id', 'integer', (c) =>
            c.notNull().references('sites.id').onDelete('cascade'),
          )
          .addColumn('published_at', 'text', (c) => c.notNull())
          .addColumn('creation_time', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('publisher', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('body', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('info_documents_site')
          .on('info_documents')
          .columns(['site_id', 'id'])
          .execute();
        await db.schema
          .createTable('info_current')
          .addColumn('site_id', 'integer', (c) =>
            c.primaryKey().references('sites.id').onDelete('cascade'),
          )
          .addColumn('document_id', 'integer', (c) =>
            c.notNull().references('info_documents.id').onDelete('cascade'),
          )
          .execute();
      },
    },
    '0002-info-health': {
      // A site whose agent cannot read it reports so instead of publishing what it could not
      // read: the current document stays, and this row says since when and why it is failing.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('info_health')
          .addColumn('site_id', 'integer', (c) =>
            c.primaryKey().references('sites.id').onDelete('cascade'),
          )
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('failing_since', 'text', (c) => c.notNull())
          .addColumn('reported_at', 'text', (c) => c.notNull())
          .addColumn('publisher', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        // A VO whose project could not be read keeps its last share, marked with the reason.
        await db.schema
          .alterTable('site_vos')
          .addColumn('stale_reason', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('site_vos')
          .addColumn('last_good_at', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
      },
    },
    '0003-accounting': {
      // The accounting repository (the APEL server's role). Times, durations and their sums are
      // bigint: a summary's wall seconds pass 2^31 at a few thousand VM-months. CpuCount and
      // Benchmark are double precision, as 'real' is a 4-byte float on PostgreSQL and they are
      // part of a summary's key, so they must come back exactly as sent.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('accounting_batches')
          .addColumn('site', 'text', (c) => c.notNull())
          .addColumn('batch_id', 'text', (c) => c.notNull())
          .addColumn('body_sha256', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('publisher', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('accepted', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('result', 'text', (c) => c.notNull().defaultTo(''))
          .addPrimaryKeyConstraint('accounting_batches_pk', ['site', 'batch_id'])
          .execute();
        let records = db.schema
          .createTable('accounting_records')
          .addColumn('site', 'text', (c) => c.notNull())
          .addColumn('vm_uuid', 'text', (c) => c.notNull())
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('month', 'integer', (c) => c.notNull())
          .addColumn('measurement_time', 'bigint', (c) => c.notNull())
          .addColumn('summary_id', 'bigint', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('batch_id', 'text', (c) => c.notNull());
        for (const [name, type] of [
          ['record_create_time', 'bigint'],
          ['cloud_compute_service', 'text'],
          ['machine_name', 'text'],
          ['local_user_id', 'text'],
          ['local_group_id', 'text'],
          ['global_user_name', 'text'],
          ['fqan', 'text'],
          ['status', 'text'],
          ['start_time', 'bigint'],
          ['end_time', 'bigint'],
          ['suspend_duration', 'bigint'],
          ['wall_duration', 'bigint'],
          ['cpu_duration', 'bigint'],
          ['cpu_count', 'double precision'],
          ['network_type', 'text'],
          ['network_inbound', 'bigint'],
          ['network_outbound', 'bigint'],
          ['public_ip_count', 'bigint'],
          ['memory', 'bigint'],
          ['disk', 'bigint'],
          ['benchmark_type', 'text'],
          ['benchmark', 'double precision'],
          ['storage_record_id', 'text'],
          ['image_id', 'text'],
          ['cloud_type', 'text'],
        ] as const) {
          records = records.addColumn(name, type);
        }
        // The key serves the per-VM reads of an ingest: every month of a batch's VMs at once,
        // from which the replaced, previous and next record of each are picked.
        await records
          .addPrimaryKeyConstraint('accounting_records_pk', ['site', 'vm_uuid', 'year', 'month'])
          .execute();
        // A summary that lost a VM finds its new earliest and latest start here.
        await db.schema
          .createIndex('accounting_records_summary')
          .on('accounting_records')
          .columns(['summary_id', 'start_time'])
          .execute();
        await db.schema
          .createTable('accounting_summaries')
          .addColumn('id', 'integer', id)
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('month', 'integer', (c) => c.notNull())
          .addColumn('site', 'text', (c) => c.notNull())
          .addColumn('vo', 'text', (c) => c.notNull())
          .addColumn('global_user_name', 'text', (c) => c.notNull())
          .addColumn('cloud_compute_service', 'text', (c) => c.notNull())
          .addColumn('vo_group', 'text', (c) => c.notNull())
          .addColumn('vo_role', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('cloud_type', 'text', (c) => c.notNull())
          .addColumn('image_id', 'text', (c) => c.notNull())
          .addColumn('cpu_count', 'double precision', (c) => c.notNull())
          .addColumn('benchmark_type', 'text', (c) => c.notNull())
          .addColumn('benchmark', 'double precision', (c) => c.notNull())
          .addColumn('wall_duration', 'bigint', (c) => c.notNull())
          .addColumn('cpu_duration', 'bigint', (c) => c.notNull())
          .addColumn('network_inbound', 'bigint', (c) => c.notNull())
          .addColumn('network_outbound', 'bigint', (c) => c.notNull())
          .addColumn('memory', 'bigint', (c) => c.notNull())
          .addColumn('disk', 'bigint', (c) => c.notNull())
          .addColumn('number_of_vms', 'bigint', (c) => c.notNull())
          .addColumn('earliest_start_time', 'bigint')
          .addColumn('latest_start_time', 'bigint')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          // The SummaryKey, months first: usage queries are ranges of months.
          .addUniqueConstraint('accounting_summaries_key', [
            'year',
            'month',
            'site',
            'vo',
            'global_user_name',
            'cloud_compute_service',
            'vo_group',
            'vo_role',
            'status',
            'cloud_type',
            'image_id',
            'cpu_count',
            'benchmark_type',
            'benchmark',
          ])
          .execute();
        await db.schema
          .createTable('accounting_sites')
          .addColumn('site', 'text', (c) => c.primaryKey())
          .addColumn('records', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('vms', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('batches', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('records_received', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('last_received_at', 'text')
          .addColumn('last_batch_id', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('last_batch_at', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('latest_measurement_time', 'bigint')
          .execute();
      },
    },
    '0004-image-lists': {
      // Each VO's endorsed image list (AppDB's role): the signed bytes exactly as the VO manager
      // sent them, since sites verify that signature themselves, and what the hub read from them.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('image_lists')
          .addColumn('vo', 'text', (c) => c.primaryKey())
          .addColumn('identifier', 'text', (c) => c.notNull())
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('endorser_dn', 'text', (c) => c.notNull())
          .addColumn('endorser_ca', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('images', 'integer', (c) => c.notNull())
          .addColumn('public', 'integer', (c) => c.notNull())
          .addColumn('form', 'text', (c) => c.notNull())
          .addColumn('signed', 'text', (c) => c.notNull())
          .addColumn('signed_sha256', 'text', (c) => c.notNull())
          .addColumn('content', 'text', (c) => c.notNull())
          .addColumn('published_at', 'text', (c) => c.notNull())
          .addColumn('published_by', 'text', (c) => c.notNull())
          .execute();
      },
    },
  };
}

/** Brings the schema up to date; safe to call at every start. */
export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: DialectName,
): Promise<string[]> {
  const provider: MigrationProvider = {
    getMigrations: () => Promise.resolve(buildMigrations(dialect)),
  };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error)
    throw error instanceof Error ? error : new Error('a migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
