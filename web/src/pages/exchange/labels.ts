// The exchange's words for its codes (operations, results, delivery options), so a clerk never reads a raw code.
import type { StatusVocabulary } from '../../components/StatusTag';

export const OPERATION_LABELS: Record<string, string> = {
  deliver: '数据交付',
  download: '下载数据',
  download_changes: '下载变化数据',
  query: '信息查询',
  verify: '信息核验',
  probe: '接口探测',
  certificates: '获取电子证照',
  certificate_pdf: '打印电子证照',
  verify_certificate: '在线核验证照',
};

export const RESULT_LABELS: Record<string, string> = {
  ok: '成功',
  aborted: '调用方中断',
  not_grant_holder: '非授权部门',
  grant_not_active: '授权未生效',
  wrong_provision_mode: '提供方式不符',
  quota_exceeded: '超出用量上限',
  invalid_input: '输入项有误',
  nothing_to_verify: '无核验项',
  no_data: '尚无交付数据',
  not_found: '未找到',
  upstream_timeout: '提供方接口超时',
  upstream_bad_status: '提供方接口出错',
  upstream_not_json: '提供方接口答复格式有误',
  upstream_too_large: '提供方接口答复过大',
  upstream_undeclared_items: '提供方接口答复了未声明的信息项',
  upstream_address_refused: '提供方接口地址不允许访问',
};

export const operationLabel = (code: string) => OPERATION_LABELS[code] ?? code;
export const resultLabel = (code: string, status?: number) => RESULT_LABELS[code] ?? (status ? `失败（HTTP ${status}）` : code);

export const KIND_LABELS: Record<string, string> = { full: '全量', increment: '增量' };
export const ON_REJECTED_LABELS: Record<string, string> = { refuse: '整批不接收', skip: '跳过不合格的行' };
export const FORMAT_LABELS: Record<string, string> = { csv: 'CSV', jsonl: 'JSON Lines', xlsx: 'Excel 工作簿' };
export const ENCODING_LABELS: Record<string, string> = { 'utf-8': 'UTF-8', gb18030: 'GB18030（GBK）' };
export const CERTIFICATE_STATUS_LABELS: Record<string, string> = {
  valid: '有效',
  revoked: '已注销',
  expired: '已过期',
  not_yet_valid: '尚未生效',
};
/** A certificate's status as a status tag shows it: only a valid one is green. */
export const CERTIFICATE_STATUSES: StatusVocabulary = {
  labels: CERTIFICATE_STATUS_LABELS,
  tones: { valid: 'green', revoked: 'red', expired: 'red', not_yet_valid: 'red' },
};
export const GRANTED_BY_LABELS: Record<string, string> = { rule: '按规则授权', producer: '提供方同意', bureau: '管理局裁决' };

/** A rejected row's place, from the /rows/<line>/<item> path of a delivery's error. */
export function rowOf(path: string | undefined): { line: number | null; item: string | null } {
  const m = /^\/rows\/(\d+)(?:\/(.+))?$/.exec(path ?? '');
  if (!m) return { line: null, item: null };
  return { line: Number(m[1]), item: m[2] ? decodeURIComponent(m[2].replace(/~1/g, '/').replace(/~0/g, '~')) : null };
}
