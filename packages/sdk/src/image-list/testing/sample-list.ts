/** For the tests: a list and its image with every key atrope requires. */
const SHA = 'ab'.repeat(64);

/** The shape of cloudkeeper's imagelist01 fixture, written out by hand. */
export const IMAGE = {
  'dc:identifier': '662b0e71-3e21-4f5a-9a6d-6e5e3a4e1f10',
  'dc:title': 'Ubuntu 22.04',
  'dc:description': 'Ubuntu server image',
  'ad:group': 'General group',
  'ad:mpuri': 'https://appdb.egi.eu/store/vo/image/662b0e71-3e21-4f5a-9a6d-6e5e3a4e1f10:42/',
  'ad:user:fullname': 'Alice Example',
  'ad:user:guid': 'alice-guid',
  'ad:user:uri': 'https://appdb.egi.eu/store/person/alice',
  'hv:uri': 'https://images.example.org/ubuntu-22.04.qcow2',
  'hv:format': 'QCOW2',
  'hv:size': '121243136',
  'sl:checksum:sha512': SHA,
  'hv:hypervisor': 'KVM',
  'hv:version': '22.04-1',
  'dc:date:expires': '2499-12-31T22:00:00Z',
  'sl:arch': 'x86_64',
  'sl:os': 'Linux',
  'sl:osname': 'Ubuntu',
  'sl:osversion': '22.04',
  'sl:comments': '',
};

export const LIST = {
  'dc:identifier': '0b9f1c2e-1111-4222-8333-944455556666',
  'dc:title': 'training.egi.eu images',
  'dc:description': 'Images endorsed by training.egi.eu',
  'dc:source': 'https://hub.example.org/image-lists/training.egi.eu',
  'dc:date:created': '2026-12-01T10:00:00Z',
  'dc:date:expires': '2027-01-01T00:00:00Z',
  'ad:vo': 'training.egi.eu',
  'hv:uri': 'https://hub.example.org/image-lists/training.egi.eu/image.list',
  'hv:version': '20261201100000',
  'hv:endorser': {
    'hv:x509': {
      'dc:creator': 'VO manager',
      'hv:ca': '/DC=org/DC=sandbox/CN=Sandbox CA',
      'hv:dn': '/DC=org/DC=sandbox/CN=training endorser',
      'hv:email': 'manager@example.org',
    },
  },
  'hv:images': [{ 'hv:image': IMAGE }],
};
