/** Why a task is where it is in the queue (rules/priority.ts scores it at screening). */
export interface PriorityFactor {
  factor: 'DESIL' | 'ELDERLY' | 'DISABILITY' | 'CHILDREN' | 'FEMALE_HEADED';
  label: { id: string; en: string };
  points: number;
}

export interface Priority {
  score: number;
  factors: PriorityFactor[];
}
