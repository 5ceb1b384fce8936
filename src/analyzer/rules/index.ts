// Every rule, in the order they run (and their fixes apply): cut what has no basis first,
// then flatten, parallelise, lighten the materials, and last fit the time limit and visits
// to what is left.
import type { Rule } from '../model.js';
import noLegalBasis from './no-legal-basis.js';
import mutualPrerequisite from './mutual-prerequisite.js';
import longPrerequisiteChain from './long-prerequisite-chain.js';
import redundantReview from './redundant-review.js';
import countersignWithoutBasis from './countersign-without-basis.js';
import serialCountersign from './serial-countersign.js';
import stampOnlyStep from './stamp-only-step.js';
import parallelizableSteps from './parallelizable-steps.js';
import fasterLegalRoute from './faster-legal-route.js';
import governmentHeldMaterial from './government-held-material.js';
import commitmentEligible from './commitment-eligible.js';
import duplicateMaterial from './duplicate-material.js';
import promisedExceedsNeed from './promised-exceeds-need.js';
import extraVisit from './extra-visit.js';

export const RULES: readonly Rule<object>[] = [
  noLegalBasis,
  mutualPrerequisite,
  longPrerequisiteChain,
  redundantReview,
  countersignWithoutBasis,
  serialCountersign,
  stampOnlyStep,
  fasterLegalRoute,
  parallelizableSteps,
  duplicateMaterial,
  governmentHeldMaterial,
  commitmentEligible,
  promisedExceedsNeed,
  extraVisit,
];

export const RULE_IDS = RULES.map((r) => r.meta.id);

export function ruleById(id: string): Rule<object> | undefined {
  return RULES.find((r) => r.meta.id === id);
}
