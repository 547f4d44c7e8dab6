// The accounting benchmarks' records: one deterministic population of APEL cloud records, made
// either in JS (record i → a CloudRecord, for the real ingest) or in SQL (the same records as
// rows, written by one INSERT … SELECT, for a table of millions), so a small run can show both
// paths end in the same rows. Records come 4 a VM, in 4 consecutive months of 2024–2025, the
// last of every third VM completed; 20 sites of 100 users each (fewer below 400,000 records),
// 50 VOs, 4 flavors, 7 images.
// Record i's VM is i / 4, and VMs are numbered site by site: written in the order of the
// records' key (site, vm_uuid, year, month).

export const RECORDS_PER_VM = 4;
export const SITES = 20;
/** Users of a site: 100, fewer in a small population so a summary still sums several records. */
const usersPerSite = (n) => Math.min(100, Math.max(1, Math.floor(n / 4000)));
const VOS = 50;
const MONTHS = 24;
const FIRST_YEAR = 2024;
const HOUR = 3600;
const DAY = 24 * HOUR;

/** Epoch seconds of the first day of month index mi (0 = January 2024). */
const monthStart = (mi) => Date.UTC(FIRST_YEAR + Math.floor(mi / 12), mi % 12, 1) / 1000;

export const siteName = (s) => `BENCH-SITE-${String(s).padStart(2, '0')}`;
const hex = (value, width) => value.toString(16).padStart(width, '0');

/** The columns every record row fills, besides those left null (network, benchmark, …). */
const COLUMNS = [
  'site',
  'vm_uuid',
  'record_create_time',
  'cloud_compute_service',
  'machine_name',
  'local_user_id',
  'local_group_id',
  'global_user_name',
  'fqan',
  'status',
  'start_time',
  'end_time',
  'wall_duration',
  'cpu_duration',
  'cpu_count',
  'memory',
  'disk',
  'image_id',
  'cloud_type',
  'year',
  'month',
  'measurement_time',
  'summary_id',
  'received_at',
  'batch_id',
];

/** What the bulk path writes as received_at and batch_id, and as the summaries' updated_at. */
export const BULK_RECEIVED_AT = '2026-01-01T00:00:00.000Z';
const BULK_BATCH = 'bulk';

/**
 * Record i of a population of n, as the row the hub would store (column → value, nulls left
 * out). summary_id is the id the bulk path gives its summary: one per (month, user, status).
 */
export function recordRow(i, n) {
  const vms = Math.ceil(n / RECORDS_PER_VM);
  const v = Math.floor(i / RECORDS_PER_VM);
  const j = i % RECORDS_PER_VM;
  const s = Math.floor((v * SITES) / vms);
  const perSite = usersPerSite(n);
  const u = s * perSite + (v % perSite);
  const vo = u % VOS;
  const cpu = 2 ** (u % 4);
  const m0 = v % (MONTHS - RECORDS_PER_VM + 1);
  const mi = m0 + j;
  const start = monthStart(m0) + HOUR * (v % 500);
  const completed = v % 3 === 0 && j === RECORDS_PER_VM - 1;
  const end = completed ? monthStart(mi) + DAY * (1 + (v % 20)) : 0;
  const measured = completed ? end : monthStart(mi + 1) - HOUR;
  const wall = measured - start;
  return {
    site: siteName(s),
    vm_uuid: `${hex(v, 8)}-0000-4000-8000-${hex(v, 12)}`,
    record_create_time: measured,
    cloud_compute_service: `compute.site${s}.example.org`,
    machine_name: `vm-${v}`,
    local_user_id: `user-${u}`,
    local_group_id: `project-${vo}-${s}`,
    global_user_name: `${hex(u * 7919, 10)}@egi.eu`,
    fqan: `vo${vo}.bench.egi.eu`,
    status: completed ? 'completed' : 'started',
    start_time: start,
    end_time: end,
    wall_duration: wall,
    cpu_duration: wall * cpu,
    cpu_count: cpu,
    memory: 2048 * cpu,
    disk: 20 * cpu,
    image_id: `image-${u % 7}`,
    cloud_type: 'OpenStack',
    year: FIRST_YEAR + Math.floor(mi / 12),
    month: (mi % 12) + 1,
    measurement_time: measured,
    summary_id: 1 + (mi * SITES * perSite + u) * 2 + (completed ? 1 : 0),
    received_at: BULK_RECEIVED_AT,
    batch_id: BULK_BATCH,
  };
}

/** The row as the cloud record a site sends (what cASO and our agent write). */
export function cloudRecordOf(row) {
  return {
    recordCreateTime: row.record_create_time,
    vmUuid: row.vm_uuid,
    siteName: row.site,
    cloudComputeService: row.cloud_compute_service,
    machineName: row.machine_name,
    localUserId: row.local_user_id,
    localGroupId: row.local_group_id,
    globalUserName: row.global_user_name,
    fqan: row.fqan,
    status: row.status,
    startTime: row.start_time,
    endTime: row.end_time,
    wallDuration: row.wall_duration,
    cpuDuration: row.cpu_duration,
    cpuCount: row.cpu_count,
    memory: row.memory,
    disk: row.disk,
    imageId: row.image_id,
    cloudType: row.cloud_type,
  };
}

/**
 * One INSERT … SELECT writing records [from, to) of a population of n into accounting_records:
 * the same values as recordRow, computed by the database (a recursive CTE on SQLite,
 * generate_series on PostgreSQL).
 */
export function bulkRecordsSql(dialect, n, from, to) {
  const vms = Math.ceil(n / RECORDS_PER_VM);
  const perSite = usersPerSite(n);
  const pg = dialect === 'postgres';
  // The first second of month index mi (0 = January 2024), computed: a join to a table of
  // months cost SQLite more than everything else together.
  const monthStartOf = (mi) => {
    const year = `${FIRST_YEAR} + (${mi}) / 12`;
    const month = `(${mi}) % 12 + 1`;
    return pg
      ? `extract(epoch FROM make_date((${year})::int, (${month})::int, 1))::bigint`
      : `unixepoch(printf('%04d-%02d-01', ${year}, ${month}))`;
  };
  // Integer division on both: the operands are integers.
  const div = (a, b) => `(${a}) / (${b})`;
  const hexPad = (expr, width) =>
    pg ? `lpad(to_hex(${expr}), ${width}, '0')` : `printf('%0${width}x', ${expr})`;
  // Parenthesised: SQLite's || binds tighter than % and *.
  const cat = (...parts) => parts.map((p) => `(${p})`).join(' || ');
  const series = pg
    ? `SELECT i::bigint AS i FROM generate_series(${from}, ${to - 1}) AS g(i)`
    : `WITH RECURSIVE g(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM g WHERE i < ${to - 1}) SELECT i FROM g`;
  // Each level names what the next one uses, as recordRow does line by line.
  const l1 = `SELECT i, ${div('i', RECORDS_PER_VM)} AS v, i % ${RECORDS_PER_VM} AS j FROM (${series}) AS a`;
  const l2 = `SELECT i, v, j, ${div(`v * ${SITES}`, vms)} AS s, v % ${MONTHS - RECORDS_PER_VM + 1} AS m0 FROM (${l1}) AS b`;
  const l3 =
    `SELECT i, v, j, s, m0, m0 + j AS mi, s * ${perSite} + v % ${perSite} AS u, ` +
    `(v % 3 = 0 AND j = ${RECORDS_PER_VM - 1}) AS completed FROM (${l2}) AS c`;
  const l4 =
    `SELECT l3.*, u % ${VOS} AS vo, ${pg ? 'power(2, u % 4)::bigint' : '(1 << (u % 4))'} AS cpu, ` +
    `${monthStartOf('m0')} + ${HOUR} * (v % 500) AS start_time, ` +
    `${monthStartOf('mi')} AS month_start, ${monthStartOf('mi + 1')} AS next_start FROM (${l3}) AS l3`;
  const l5 =
    `SELECT l4.*, CASE WHEN completed THEN month_start + ${DAY} * (1 + v % 20) ELSE 0 END AS end_time, ` +
    `CASE WHEN completed THEN month_start + ${DAY} * (1 + v % 20) ELSE next_start - ${HOUR} END AS measured ` +
    `FROM (${l4}) AS l4`;
  const values = [
    `'BENCH-SITE-' || ${pg ? "lpad(s::text, 2, '0')" : "printf('%02d', s)"}`,
    cat(hexPad('v', 8), "'-0000-4000-8000-'", hexPad('v', 12)),
    'measured',
    cat("'compute.site'", 's', "'.example.org'"),
    cat("'vm-'", 'v'),
    cat("'user-'", 'u'),
    cat("'project-'", 'vo', "'-'", 's'),
    cat(hexPad('u * 7919', 10), "'@egi.eu'"),
    cat("'vo'", 'vo', "'.bench.egi.eu'"),
    "CASE WHEN completed THEN 'completed' ELSE 'started' END",
    'start_time',
    'end_time',
    'measured - start_time',
    '(measured - start_time) * cpu',
    'cpu',
    '2048 * cpu',
    '20 * cpu',
    cat("'image-'", 'u % 7'),
    "'OpenStack'",
    `${FIRST_YEAR} + ${div('mi', 12)}`,
    'mi % 12 + 1',
    'measured',
    `1 + (mi * ${SITES * perSite} + u) * 2 + CASE WHEN completed THEN 1 ELSE 0 END`,
    `'${BULK_RECEIVED_AT}'`,
    `'${BULK_BATCH}'`,
  ];
  return `INSERT INTO accounting_records (${COLUMNS.join(', ')}) SELECT ${values.join(', ')} FROM (${l5}) AS l5`;
}

const NONE = "'None'";

/**
 * The summaries that ingest keeps incrementally, computed at once from the stored records as
 * APEL's SummariseVMs defines them: per summary key, each VM-month's wall, CPU and network
 * figures less those of the VM's previous record (LAG over its months), memory and disk as they
 * are, the VM-months counted, the earliest and latest StartTime > 0. The VO is the FQAN itself
 * (bare VO names, as the agent sends them), group and role None.
 */
export function bulkSummariesSql() {
  const lagged =
    'SELECT r.*, ' +
    ['wall_duration', 'cpu_duration', 'network_inbound', 'network_outbound']
      .map((c) => `LAG(${c}) OVER (PARTITION BY site, vm_uuid ORDER BY year, month) AS prev_${c}`)
      .join(', ') +
    ' FROM accounting_records AS r';
  const delta = (c) => `sum(coalesce(${c}, 0) - coalesce(prev_${c}, 0))`;
  const key = [
    'year',
    'month',
    'site',
    'fqan',
    `coalesce(global_user_name, ${NONE})`,
    `coalesce(cloud_compute_service, ${NONE})`,
    NONE,
    NONE,
    `coalesce(status, ${NONE})`,
    `coalesce(cloud_type, ${NONE})`,
    `coalesce(image_id, ${NONE})`,
    'coalesce(cpu_count, 0)',
    `coalesce(benchmark_type, ${NONE})`,
    'coalesce(benchmark, 0)',
  ];
  return (
    'INSERT INTO accounting_summaries (id, year, month, site, vo, global_user_name, ' +
    'cloud_compute_service, vo_group, vo_role, status, cloud_type, image_id, cpu_count, ' +
    'benchmark_type, benchmark, wall_duration, cpu_duration, network_inbound, network_outbound, ' +
    'memory, disk, number_of_vms, earliest_start_time, latest_start_time, updated_at) ' +
    `SELECT summary_id, ${key.join(', ')}, ${delta('wall_duration')}, ${delta('cpu_duration')}, ` +
    `${delta('network_inbound')}, ${delta('network_outbound')}, sum(coalesce(memory, 0)), ` +
    'sum(coalesce(disk, 0)), count(*), ' +
    'min(CASE WHEN start_time > 0 THEN start_time END), max(CASE WHEN start_time > 0 THEN start_time END), ' +
    `'${BULK_RECEIVED_AT}' FROM (${lagged}) AS l GROUP BY summary_id, ${key.filter((k) => k !== NONE).join(', ')}`
  );
}

/** A raw statement through the hub's own Kysely instance (and so its driver and statement cache). */
export function raw(executor, text, parameters = []) {
  return executor.executeQuery({
    sql: text,
    parameters,
    query: { kind: 'RawNode', sqlFragments: [text], parameters: [] },
    queryId: { queryId: 'bench' },
  });
}

/** The figures a summary holds, without its id and time: what the two paths must agree on. */
export const SUMMARY_COMPARED =
  'year, month, site, vo, global_user_name, cloud_compute_service, vo_group, vo_role, status, ' +
  'cloud_type, image_id, cpu_count, benchmark_type, benchmark, wall_duration, cpu_duration, ' +
  'network_inbound, network_outbound, memory, disk, number_of_vms, earliest_start_time, latest_start_time';
