// The blameless-language coach: rules as data, and the functions that run them.
export { COACH_RULES, nameForms, type CoachContext, type CoachRule, type Matcher, type Span } from './rules';
export { blankOut, checkText, countBoardHints, countHints, type BoardHintCounts, type CheckOptions, type CoachHint } from './check';
