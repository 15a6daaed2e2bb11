// What an attachment is to its object (附件类别), by the kind of object it belongs to:
// - a project's acceptance materials (项目验收材料): Wendeng art. 36 (the detailed design and the
//   contract the acceptance is measured against) and Sanming art. 19 (the work, technical, data
//   sharing, supervision and test reports, and the security assessments);
// - a registration's project materials (附件1 项目材料, Fuzhou art. 21): its four numbered items;
// - a connection's evidence (接入佐证材料): what the bureau checks before confirming it.

export type AttachmentObjectType = 'project' | 'registration' | 'connection';

export const ATTACHMENT_KINDS: Record<AttachmentObjectType, Record<string, string>> = {
  project: {
    design: '详细设计方案',
    contract: '合同',
    work_report: '项目工作报告',
    technical_report: '项目技术报告',
    sharing_report: '项目数据汇聚共享情况报告',
    supervision_report: '项目监理情况报告',
    test_report: '项目系统测试情况报告',
    security_assessment: '安全保密测评、等级保护测评或商用密码应用安全性评估报告',
    user_report: '用户使用情况报告',
    other: '其他验收材料',
  },
  registration: {
    outcomes: '项目成果',
    acceptance_materials: '项目验收材料',
    sharing_request_forms: '数据共享应用（需求）表',
    scope_and_desensitization: '成果应用范围及脱敏脱密规则说明',
  },
  connection: {
    evidence: '接入佐证材料',
  },
};

export const OBJECT_LABELS: Record<AttachmentObjectType, string> = {
  project: '项目验收材料',
  registration: '成果登记表项目材料',
  connection: '接入佐证材料',
};

/** The kind's Chinese label; the code itself when it is not one of the object's kinds. */
export function kindLabel(objectType: AttachmentObjectType, kind: string): string {
  return ATTACHMENT_KINDS[objectType][kind] ?? kind;
}
