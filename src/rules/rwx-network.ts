// Elastic's "Network Connection from Binary with RWX Memory Region", reimplemented.
// Upstream it is an EQL `sample by host.id, process.pid, process.name` over an
// mprotect(prot == 7) by a process other than httpd and a TCP connection attempt to a
// destination outside the excluded ranges (src/net/classify.ts holds that list).

export const RULE_ID = '32300431-c2d5-432d-8ec8-0e03f9924756';
export const RULE_NAME = 'Network Connection from Binary with RWX Memory Region';
export const RULE_CATEGORY = 'Execution';
export const RULE_SEVERITY = 'medium';
export const RULE_RISK_SCORE = 47;

/** How far back a pair may reach, and how often upstream runs the rule. */
export const LOOKBACK_MS = 9 * 60_000;
export const INTERVAL_MS = 5 * 60_000;
export const MAX_ALERTS_PER_INTERVAL = 100;

/** Compared exactly and case-sensitively with the process name, as EQL `!=` does. */
export const EXCLUDED_PROCESS_NAMES: readonly string[] = ['httpd'];

/** PROT_READ | PROT_WRITE | PROT_EXEC; the rule matches this value exactly, no flags. */
export const RWX_PROT = 7n;

export interface ThreatEntry {
  id: string;
  name: string;
  reference: string;
}

export interface ThreatTechnique extends ThreatEntry {
  subtechnique?: ThreatEntry[];
}

export interface Threat {
  framework: 'MITRE ATT&CK';
  tactic: ThreatEntry;
  technique: ThreatTechnique[];
}

const ATTACK = 'https://attack.mitre.org';

export const RULE_THREAT: readonly Threat[] = [
  {
    framework: 'MITRE ATT&CK',
    tactic: { id: 'TA0002', name: 'Execution', reference: `${ATTACK}/tactics/TA0002/` },
    technique: [
      {
        id: 'T1059',
        name: 'Command and Scripting Interpreter',
        reference: `${ATTACK}/techniques/T1059/`,
        subtechnique: [
          {
            id: 'T1059.004',
            name: 'Unix Shell',
            reference: `${ATTACK}/techniques/T1059/004/`,
          },
        ],
      },
    ],
  },
  {
    framework: 'MITRE ATT&CK',
    tactic: { id: 'TA0011', name: 'Command and Control', reference: `${ATTACK}/tactics/TA0011/` },
    technique: [
      {
        id: 'T1071',
        name: 'Application Layer Protocol',
        reference: `${ATTACK}/techniques/T1071/`,
      },
    ],
  },
];
