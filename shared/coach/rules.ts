// The blameless-language coach's rules, as data. Each names a way of writing that pulls a review
// towards blame or hindsight, says so gently, and offers a question that turns back to the system.
// Every rule carries examples it must flag and sentences it must leave alone; the tests run them
// all (tests/shared/coach.test.ts), so a new rule is one object here with its examples.
//
// Rules see the text with code, links and quotations blanked out (check.ts): words someone quoted
// from a log or a chat are not their own framing.
import { characterWords, condescension, counterfactuals, minimizers, personAsCause, whoQuestions, whyQuestions, type CoachRule } from './matchers';

export type { CoachContext, CoachRule, Matcher, Span } from './matchers';
export { nameForms } from './matchers';

/** The rules, in the order their hints are listed when two start at the same place. */
export const COACH_RULES: readonly CoachRule[] = [
  {
    id: 'counterfactual',
    pattern: counterfactuals,
    message: 'This describes a path that was not taken. Knowing the outcome makes that path look obvious; it rarely did at the time.',
    suggestion: 'What made the path we took look right at the time? Describe what people saw and knew then.',
    examples: {
      flag: [
        'The on-call should have rolled back sooner.',
        'We should’ve checked the connection limit first.',
        'Reviewers shouldn’t have approved a 3x worker change.',
        'Luis could have caught this in review.',
        'We ought to have paged the database on-call.',
        'If only the alert had fired earlier.',
        'Priya’s review should have caught the pool size.',
        'The reviewer failed to notice the pool size.',
        'We failed to roll back in time.',
      ],
      pass: [
        'The cache should have a TTL.',
        'Every service should have an owner and a runbook.',
        'Alerts should have a speed limit on paging.',
        'It could have been much worse: the queue held every order.',
        'We could have lost the whole queue if the disk had filled.',
        'The health check failed to start on two pods.',
        'The alert should have fired at 14:03; it waited five minutes by design.',
        'The outage could have been avoided with a canary.',
        'Pods failed to connect to the database.',
        'The new check will fail the build if workers × pool size exceeds the limit.',
      ],
    },
    exampleParticipants: ['Luis M.', 'Priya N.'],
  },
  {
    id: 'human-error',
    pattern: /(?<![\p{L}\p{N}_])(?:human|operator|user|pilot|people|personnel)[\s-]+(?:error|mistake|failure)s?(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}_])PEBKAC(?![\p{L}\p{N}_])/giu,
    message: '“Human error” ends the inquiry where it should begin: people make slips all the time, and systems decide how far a slip goes.',
    suggestion: 'What about the tools, defaults or workload made this slip easy to make, and hard to notice?',
    examples: {
      flag: ['Root cause: human error.', 'Classic operator error during the deploy.', 'This was a human-error incident.', 'PEBKAC, honestly.'],
      pass: ['The form shows a human-readable error.', 'Error messages for users were unclear.', 'The operator saw errors on the dashboard.'],
    },
  },
  {
    id: 'root-cause',
    pattern: /(?<!(?:no|not\s+a|not\s+one|never\s+a|isn['’]t\s+a|wasn['’]t\s+a|there\s+is\s+no|there\s+was\s+no)\s+(?:single\s+|one\s+)?)(?<![\p{L}\p{N}_])root[\s-]+caus(?:e|ed|ing)(?![\p{L}\p{N}_])(?!\s+analys[ie]s)/giu,
    message: 'Incidents in complex systems come from several conditions meeting; naming one “root cause” tends to stop the search for the others.',
    suggestion: 'Call it one of the contributing factors, and ask what else had to be true for the incident to happen.',
    examples: {
      flag: ['The root cause was the worker count change.', 'Root cause: pool size.', 'We root-caused it to the deploy.', 'Found a root cause in the config.'],
      pass: [
        'There was no single root cause.',
        'Root causes: pool size, alert delay, and the runbook gap.',
        'We held a root cause analysis on Thursday.',
        'The review found several contributing factors.',
      ],
    },
  },
  {
    id: 'who-question',
    pattern: whoQuestions,
    message: 'Asking “who” points at a person, and people who feel pointed at share less.',
    suggestion: 'Ask “what” or “how” instead: “What in our deploy process let this change through?”',
    examples: {
      flag: ['Who deployed this?', 'Who approved the change without a load test?', 'And who pushed 4812 on a Friday?', 'So who was responsible for the config?', 'who broke checkout'],
      pass: [
        'Who owns this service?',
        'Who was on call that night?',
        'The engineer who deployed the fix restored service.',
        'Support, who noticed first, opened the channel.',
        'Who knew the pool was per worker?',
      ],
    },
  },
  {
    id: 'condescension',
    pattern: condescension,
    message: 'Words like “obviously”, “just” and “simply” say it was easy to see or do, which is rarely how it looked in the moment, and can silence people who found it hard.',
    suggestion: 'Leave the word out, or say what made it hard to see at the time.',
    examples: {
      flag: [
        'Obviously the pool was too small.',
        'They just needed to restart the service.',
        'You could just restart the pods.',
        'Just restart it next time.',
        'Simply check the dashboard next time.',
        'The logs clearly showed 200/200.',
        'Of course the deploy caused it.',
        'The obvious fix was a rollback.',
      ],
      pass: [
        'Errors began just after the deploy.',
        'We rolled back just in time.',
        'A just-in-time compiler change shipped the same day.',
        'Justin joined the call at 14:20.',
        'The service is written in a simply typed language.',
        'The connection limit was not obvious from any dashboard.',
        'The alert wasn’t clearly labelled as the database.',
        'A non-obvious interaction between pools and workers.',
        'Only just under the limit most days.',
        'Just to confirm, the rollback finished at 14:38.',
        'We just rolled back, and errors are dropping.',
        'Simply put, the pool maths was hidden.',
        'The service simply returned 503s.',
      ],
    },
  },
  {
    id: 'minimizer',
    pattern: minimizers,
    message: 'Words like “just” or “simply” before a lapse make it sound small and easy to avoid, which hides what made it likely.',
    suggestion: 'Leave the minimizing word out, and ask what about the moment made this step easy to skip.',
    examples: {
      flag: [
        'He just didn’t run the migration script.',
        'The reviewer simply forgot to check the pool size.',
        'Sam just ignored the warning banner.',
        'All she had to do was read the runbook.',
        'They didn’t even bother to test it in staging.',
        'On-call merely skipped the canary step.',
      ],
      pass: [
        'The alert just didn’t fire.',
        'The pods simply failed to start after the deploy.',
        'She just didn’t have access to the database dashboard.',
        'We just rolled back and errors dropped.',
        'Only missed pages count toward the SLO.',
        'We simply didn’t know the pool was per worker.',
      ],
    },
    exampleParticipants: ['Sam'],
  },
  {
    id: 'why-question',
    pattern: whyQuestions,
    message: 'A “why did you…?” question asks a person to defend themselves; people defending themselves explain less.',
    suggestion: 'Ask about the situation instead: “What did the dashboard show at that point?” or “What made that look like the right step?”',
    examples: {
      flag: [
        'Why did you push on a Friday?',
        'Why didn’t he page the DBA?',
        'Why would she skip the canary?',
        'Why on earth did you restart the primary?',
        'How could you miss that alert?',
        'What were you thinking?',
        'Why did Priya merge without review?',
      ],
      pass: [
        'Why did the alert take five minutes?',
        'Why didn’t the canary catch the error rate?',
        'Why did we choose three workers per pod?',
        'How could the pool run out so fast?',
        'What did you see on the dashboard at 14:05?',
        'Ask why the runbook had no section on connection errors.',
      ],
    },
    exampleParticipants: ['Priya N.'],
  },
  {
    id: 'character',
    pattern: characterWords,
    message: 'This judges a person’s character rather than describing what happened; it ends the conversation about conditions.',
    suggestion: 'Describe what was done and what the person could see then: what made it the step that made sense?',
    examples: {
      flag: [
        'A careless change to the pool config.',
        'That was a sloppy rollout.',
        'Honestly the review was lazy.',
        'Reckless to deploy during peak traffic.',
        'The on-call was not paying attention.',
        'Pure negligence by the release manager.',
      ],
      pass: [
        'We lazy-load the card widget.',
        'The proxy is a dumb pipe in front of the pool.',
        'Nobody was careless: the limit was not visible anywhere.',
        'Lazy loading delayed the first error by a minute.',
        'Careful review would not have shown the per-worker pools.',
        'This was not negligence; the defaults changed upstream.',
      ],
    },
  },
  {
    id: 'person-as-cause',
    pattern: personAsCause,
    message: 'This names a person as the cause of a failure. A review that names people teaches them to share less next time.',
    suggestion: 'Describe the action and its conditions: what did they see, and what made it the reasonable step then?',
    examples: {
      flag: [
        'Sam broke prod.',
        'Priya forgot to check the connection limit.',
        'Alex didn’t roll back.',
        'Alex did not page the database on-call.',
        'Sam accidentally deleted the pool setting.',
        'It was Priya’s mistake.',
        'sam broke checkout again',
        'Alex never checked the dashboard.',
      ],
      pass: [
        'Sam rolled back the deploy.',
        'We paged Sam at 14:07.',
        'Samantha restarted two pods.',
        'Sam’s change doubled the connections.',
        'Alex didn’t have access to the database dashboard.',
        'Priya didn’t know pools were per worker.',
        'The alert broke the on-call’s focus.',
        'Priya failed over the database at 14:40.',
      ],
    },
    exampleParticipants: ['Sam', 'Priya N.', 'Alex (SRE)'],
  },
];
