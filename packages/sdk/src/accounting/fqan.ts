export interface VoParts {
  vo: string;
  /** The group path (`/vo/sub`), or 'None' when the FQAN is a bare VO name. */
  voGroup: string;
  voRole: string;
}

/**
 * The APEL server's reading of an FQAN (apel/common/parsing_utils.py `parse_fqan`): the first of
 * `;`-separated FQANs; `/vo/group/Role=r` gives VO, group and role; anything else is the VO itself.
 */
export function parseFqan(fqan: string | undefined): VoParts {
  if (fqan === undefined) return { vo: 'None', voGroup: 'None', voRole: 'None' };
  const first = fqan.split(';')[0] ?? '';
  if (!first.startsWith('/')) return { vo: first, voGroup: 'None', voRole: 'None' };
  const pieces = first.split('/');
  let group = '';
  let role = 'None';
  for (const piece of pieces) {
    if (piece === '') continue;
    if (piece.toLowerCase().startsWith('role=')) {
      role = piece;
      break;
    }
    group += `/${piece}`;
  }
  return { vo: pieces[1] ?? '', voGroup: group, voRole: role };
}
