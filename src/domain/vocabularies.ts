// Every enumeration of the catalog: a stable English code for programs and the Chinese label a
// clerk reads. The OpenAPI document lists the same codes; a unit test keeps the two in step.

export interface Term {
  code: string;
  label: string;
  description?: string;
}

export const classifications: Term[] = [
  { code: 'base', label: '基础信息资源', description: '人口、法人、自然资源和空间地理、宏观经济等，普遍共享' },
  { code: 'theme', label: '主题信息资源' },
  { code: 'department', label: '部门信息资源' },
];

const classificationByDigit: Record<string, string> = { '1': 'base', '2': 'theme', '3': 'department' };

// Catalog categories (资源分类) are data: the bureau maintains the tree (src/modules/categories,
// ADR 0039), seeded by migration 20261206030000. A code's first digit is its classification.

export function classificationOf(categoryCode: string): 'base' | 'theme' | 'department' {
  const classification = classificationByDigit[categoryCode[0]];
  if (!classification) throw new Error(`no classification for category ${categoryCode}`);
  return classification as 'base' | 'theme' | 'department';
}

export const resourceFormats: Term[] = [
  { code: 'electronic_file', label: '电子文件', description: 'OFD、PDF、DOC 等' },
  { code: 'spreadsheet', label: '电子表格', description: 'XLS、XLSX、ET 等' },
  { code: 'database', label: '数据库' },
  { code: 'image', label: '图形图像' },
  { code: 'streaming_media', label: '流媒体' },
  { code: 'self_describing', label: '自描述格式', description: 'XML、JSON 等' },
  { code: 'service_interface', label: '服务接口' },
  { code: 'other', label: '其他' },
];

// National data-type codes for data items (信息项数据类型).
export const dataTypes: Term[] = [
  { code: 'C', label: '字符型' },
  { code: 'N', label: '数值型' },
  { code: 'Y', label: '货币型' },
  { code: 'D', label: '日期型' },
  { code: 'T', label: '日期时间型' },
  { code: 'L', label: '逻辑型' },
  { code: 'M', label: '备注型' },
  { code: 'G', label: '通用型' },
  { code: 'B', label: '双精度型' },
  { code: 'I', label: '整型' },
  { code: 'F', label: '浮点型' },
];

export const queryRoles: Term[] = [
  { code: 'input', label: '输入项' },
  { code: 'output', label: '输出项' },
];

export const sharingTypes: Term[] = [
  { code: 'unconditional', label: '无条件共享' },
  { code: 'conditional', label: '有条件共享' },
  { code: 'not_shared', label: '不予共享' },
];

export const openTypes: Term[] = [
  { code: 'open', label: '无条件开放' },
  { code: 'conditional_open', label: '有条件开放' },
  { code: 'not_open', label: '不予开放' },
];

export const updateCycles: Term[] = [
  { code: 'realtime', label: '实时' },
  { code: 'daily', label: '每日' },
  { code: 'weekly', label: '每周' },
  { code: 'monthly', label: '每月' },
  { code: 'quarterly', label: '每季度' },
  { code: 'half_yearly', label: '每半年' },
  { code: 'yearly', label: '每年' },
  { code: 'irregular', label: '不定期' },
];

export const provisionModes: Term[] = [
  { code: 'certificate', label: '电子证照/可信文件' },
  { code: 'query_api', label: '信息查询接口' },
  { code: 'verification_api', label: '信息核验接口' },
  { code: 'batch_exchange', label: '数据批量交换' },
  { code: 'other', label: '其他' },
];

export const resourceStatuses: Term[] = [
  { code: 'draft', label: '草稿' },
  { code: 'submitted', label: '待审核' },
  { code: 'published', label: '已发布' },
  { code: 'returned', label: '已退回' },
  { code: 'withdrawn', label: '已撤销' },
];

export const roles: Term[] = [
  { code: 'producer', label: '提供部门经办人', description: '登记本部门信息资源，答复共享申请' },
  { code: 'consumer', label: '使用部门经办人', description: '检索目录，申请和使用共享数据' },
  { code: 'bureau', label: '大数据管理局', description: '审核目录，核验接入，决定验收' },
  { code: 'auditor', label: '审计员', description: '查阅审计记录' },
];

export const departmentLevels: Term[] = [
  { code: 'provincial', label: '省级' },
  { code: 'municipal', label: '市级' },
  { code: 'county', label: '县（区）级' },
  { code: 'township', label: '乡镇（街道）级' },
];

export const sharingRequestStatuses: Term[] = [
  { code: 'draft', label: '草稿' },
  { code: 'pending', label: '待答复' },
  { code: 'approved', label: '已同意' },
  { code: 'rejected', label: '已拒绝' },
  { code: 'escalated', label: '已提请裁决' },
  { code: 'rejection_upheld', label: '维持拒绝' },
  { code: 'cancelled', label: '已撤回' },
];

/** 申请协调事由: why a request was put before the bureau (SharingRequest.escalationGround). */
export const escalationGrounds: Term[] = [
  { code: 'rejection', label: '被拒绝' },
  { code: 'overdue', label: '逾期未答复' },
];

/** 管理局裁决 (SharingRequest.bureauDecision; which apply follows the ground, domain/sharing-rules.ts decisionsFor). */
export const disputeDecisions: Term[] = [
  { code: 'uphold', label: '维持拒绝' },
  { code: 'grant', label: '责成授权' },
  { code: 'remand', label: '责成答复' },
];

export const grantStatuses: Term[] = [
  { code: 'active', label: '有效' },
  { code: 'expired', label: '已到期' },
  { code: 'revoked', label: '已撤销' },
  { code: 'suspended', label: '已暂停（资源已撤销）' },
];

export const projectStages: Term[] = [
  { code: 'approved', label: '已立项' },
  { code: 'under_construction', label: '建设中' },
  { code: 'completed', label: '已完工' },
  { code: 'preliminary_accepted', label: '已初验' },
  { code: 'trial_run', label: '试运行' },
  { code: 'accepted', label: '已竣工验收' },
  { code: 'rectification', label: '整改中' },
];

export function labelOf(terms: Term[], code: string): string {
  return terms.find((t) => t.code === code)?.label ?? code;
}
