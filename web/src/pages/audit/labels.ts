// The audit trail's codes in Chinese: what was done (action), to what (object type), and the
// detail fields most events carry. An action not listed here is shown by its code.

export const ACTION_LABELS: Record<string, string> = {
  'session.created': '登录',
  'session.ended': '退出登录',
  'sign_in.failed': '登录失败',
  'account.locked': '账号锁定',
  'password.changed': '修改密码',
  'password.set': '管理局设置密码',
  'password.cleared': '清除演示密码',
  'user.created': '新建用户',
  'user.updated': '修改用户',
  'token.created': '签发令牌',
  'token.revoked': '撤销令牌',
  'bootstrap_admin.created': '创建初始管理员',
  'bootstrap_admin.restored': '恢复初始管理员',
  'department.created': '登记部门',
  'department.updated': '修改部门',
  'webhook.registered': '设置通知地址',
  'webhook.removed': '删除通知地址',
  'category.created': '新增分类',
  'category.updated': '修改分类',
  'category.deleted': '删除分类',
  'calendar.year_set': '录入节假日安排',
  'resource.created': '新建目录',
  'resource.updated': '修改目录',
  'resource.imported': '导入目录',
  'resource.deleted': '删除目录',
  'resource.submitted': '提交目录审核',
  'resource.published': '发布目录',
  'resource.returned': '退回目录',
  'resource.withdrawn': '撤回目录',
  'attachment.added': '上传附件',
  'attachment.removed': '删除附件',
  'sharing_request.created': '新建共享申请',
  'sharing_request.updated': '修改共享申请',
  'sharing_request.submitted': '提交共享申请',
  'sharing_request.cancelled': '撤销共享申请',
  'sharing_request.approved': '同意共享申请',
  'sharing_request.rejected': '拒绝共享申请',
  'sharing_request.escalated': '提请管理局协调',
  'sharing_request.decided': '管理局裁决',
  'sharing_request.deadline_approaching': '答复期限将至',
  'sharing_request.overdue': '答复逾期',
  'grant.created': '授权共享',
  'grant.terms_set': '设置共享条件',
  'grant.suspended': '暂停共享',
  'grant.revoked': '终止共享',
  'exchange.delivered': '交付数据',
  'connection.declared': '申报接入',
  'connection.confirmed': '确认接入',
  'certificate.issued': '签发电子证照',
  'certificate.revoked': '注销电子证照',
  'certificate_key.rotated': '更换证照签名密钥',
  'certificate_key.removed': '删除证照签名密钥',
  'onboarding.verified': '核验接入',
  'project.created': '新建项目',
  'project.updated': '修改项目',
  'project.start_construction': '项目开工建设',
  'project.complete': '项目完工',
  'project.pass_preliminary': '项目通过初验',
  'project.start_trial_run': '项目开始试运行',
  'project.accept': '项目竣工验收',
  'project.fail_acceptance': '项目验收不通过',
  'project.resume': '项目整改后恢复',
  'project.no_requests_declared': '声明无需共享申请',
  'project.acceptance_delay_reported': '报告验收延期',
  'project.acceptance_delay_refused': '不同意验收延期',
  'registration.filed': '提交项目登记',
  'registration.received': '接收项目登记',
};

export const OBJECT_TYPE_LABELS: Record<string, string> = {
  user: '用户',
  login_name: '登录名',
  token: '令牌',
  department: '部门',
  category: '资源分类',
  calendar_year: '节假日安排',
  resource: '目录',
  attachment: '附件',
  sharing_request: '共享申请',
  grant: '共享授权',
  delivery_stream: '批量交换',
  connection: '接入记录',
  certificate: '电子证照',
  certificate_key: '证照签名密钥',
  project: '项目',
};

export const DETAIL_LABELS: Record<string, string> = {
  from: '原状态',
  to: '新状态',
  reason: '原因',
  loginName: '登录名',
  sessionsEnded: '结束的会话数',
  expiresAt: '到期时间',
  mustChangePassword: '须修改密码',
  clientAddress: '客户端地址',
  userAgent: '浏览器',
  lockedUntil: '锁定至',
  failures: '失败次数',
  name: '名称',
  roles: '角色',
  active: '是否启用',
  changes: '变更内容',
  comment: '意见',
  url: '地址',
};

const REASONS: Record<string, string> = {
  wrong_password: '密码错误',
  user_inactive: '用户已停用',
  unknown_login_name: '登录名不存在',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

export function objectTypeLabel(type: string): string {
  return OBJECT_TYPE_LABELS[type] ?? type;
}

/** A detail's value as text: a sign-in failure's reason in Chinese, booleans 是/否, the rest as JSON. */
export function detailText(key: string, value: unknown): string {
  if (key === 'reason' && typeof value === 'string') return REASONS[value] ?? value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
