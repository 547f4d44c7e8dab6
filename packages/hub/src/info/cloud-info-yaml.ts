/**
 * The fedcloud-catchall site YAML that cloud-info-api serves at /fedcloudclient/{site}/, in the
 * layout PyYAML's `yaml.dump` gives it (keys sorted, block style, list items not indented):
 *
 *   endpoint: https://keystone.example.org:5000/v3
 *   gocdb: EXAMPLE-SITE
 *   vos:
 *   - auth:
 *       project_id: 038db3eeca5c4960a443a89b92373cd2
 *     name: vo.example.eu
 *
 * A hand-written emitter because the shape is fixed and tiny; scalars are quoted whenever a YAML
 * 1.1 or 1.2 reader could take them for anything but a string (numbers, booleans, dates, null).
 */
export interface FedcloudSiteYaml {
  gocdb: string;
  endpoint: string;
  vos: { name: string; projectId: string }[];
}

const WORDS = new Set([
  '',
  '~',
  'null',
  'y',
  'yes',
  'n',
  'no',
  'true',
  'false',
  'on',
  'off',
  '.inf',
  '-.inf',
  '+.inf',
  '.nan',
]);

const LOOKS_TYPED = [
  /^[-+]?[\d_]*\.?[\d_]+([eE][-+]?\d+)?$/, // ints, floats (1.1 and 1.2), 1e3
  /^[-+]?\d[\d_]*\.[\d_]*([eE][-+]?\d+)?$/, // 1.
  /^[-+]?0[xXoObB][\da-fA-F_]+$/, // hex, octal, binary
  /^[-+]?\d[\d_]*(:[0-5]?\d)+(\.[\d_]*)?$/, // sexagesimal (YAML 1.1)
  /^\d{4}-\d\d?-\d\d?/, // dates and timestamps
];

export function yamlScalar(value: string): string {
  const plain =
    /^[A-Za-z0-9_./][A-Za-z0-9_./:@+=~-]*$/.test(value) &&
    !value.endsWith(':') &&
    !WORDS.has(value.toLowerCase()) &&
    !LOOKS_TYPED.some((re) => re.test(value));
  if (plain) return value;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) return JSON.stringify(value);
  return `'${value.replaceAll("'", "''")}'`;
}

export function fedcloudSiteYaml(site: FedcloudSiteYaml): string {
  const lines = [`endpoint: ${yamlScalar(site.endpoint)}`, `gocdb: ${yamlScalar(site.gocdb)}`];
  if (site.vos.length === 0) {
    lines.push('vos: []');
  } else {
    lines.push('vos:');
    for (const vo of site.vos) {
      lines.push('- auth:', `    project_id: ${yamlScalar(vo.projectId)}`);
      lines.push(`  name: ${yamlScalar(vo.name)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
