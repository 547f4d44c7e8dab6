type MemberStatus = 'pending' | 'accepted' | 'rejected';

/** https://docs.openstack.org/api-ref/image/v2/#sharing */
export interface MemberBody {
  created_at: string;
  image_id: string;
  member_id: string;
  schema: '/v2/schemas/member';
  status: MemberStatus;
  updated_at: string;
}
