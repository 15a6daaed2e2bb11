// Chinese names of an entry's fields (as a version's changed fields name them) and of a version's action.

const FIELD_NAMES: Record<string, string> = {
  name: '资源名称',
  categoryCode: '资源分类',
  summary: '资源摘要',
  projectId: '所属项目',
  format: '资源格式',
  formatDetail: '格式说明',
  items: '信息项',
  sharingType: '共享类型',
  sharingConditions: '共享条件',
  sharingBasis: '不予共享依据',
  openType: '开放类型',
  openConditions: '开放条件',
  updateCycle: '更新周期',
  relatedResourceCodes: '关联资源代码',
  totalDataVolume: '数据总量',
  scopeOfUse: '使用范围',
  provisionModes: '提供方式',
  video: '视频监控点位',
};

export function fieldName(field: string): string {
  return FIELD_NAMES[field] ?? field;
}

const ACTIONS: Record<string, string> = { published: '发布', updated: '变更', withdrawn: '撤销' };

export function versionAction(action: string): string {
  return ACTIONS[action] ?? action;
}
