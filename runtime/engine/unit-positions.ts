/**
 * Positions inside a handling unit (承办单位), the one home of their codes and words: a task of
 * role `unit` may name one (`meta.task.position`), and only the unit's users holding it may act
 * (store/task-access.ts). A user may hold several (a small unit's head reviews and signs).
 */
export const UNIT_POSITIONS = ['clerk', 'reviewer', 'signer'] as const;

export type UnitPosition = (typeof UNIT_POSITIONS)[number];

export const UNIT_POSITION_TITLES: Record<UnitPosition, { title: string; title_en: string; description: string }> = {
  clerk: { title: '经办人', title_en: 'Clerk', description: '起草答复函' },
  reviewer: { title: '审核人', title_en: 'Reviewer', description: '审核答复函，同意或退回修改' },
  signer: { title: '签发人', title_en: 'Signer', description: '单位主要负责人或分管负责人，签发答复函' },
};

export function isUnitPosition(value: unknown): value is UnitPosition {
  return typeof value === 'string' && (UNIT_POSITIONS as readonly string[]).includes(value);
}
