import type { PhiKind } from '../src/phi.js';

/**
 * Synthetic clinical notes (every person, number and place is invented). Each identifier is
 * marked `{{kind:value}}`; {@link parseNote} turns a note into its plain text and the spans a
 * perfect redactor would find. The notes also hold look-alikes that must stay: doses, vitals,
 * lab values, years on their own, room numbers, "Dr." as a word.
 */
export const NOTES: readonly string[] = [
  `Patient: {{names:Maria Gonzalez}}  DOB: {{dates:04/12/1958}}  MRN: {{mrns:00482913}}
Seen by Dr. {{names:Alan Whitfield}} on {{dates:March 3, 2024}} for follow-up of type 2 diabetes.
HbA1c 7.9% (was 8.4% in 2023). BP 142/88, HR 76. Metformin 1000 mg twice daily.
Contact: {{names:Luis Gonzalez}} (son), {{phones:(617) 555-0143}}.`,

  `DISCHARGE SUMMARY
Name: {{names:Okafor, Chidi}}   Medical Record #: {{mrns:MR-2231-8841}}
Admitted {{dates:2024-01-17}}, discharged {{dates:2024-01-21}}. Room 412B, 4 West.
Home address: {{addresses:1180 Maple Grove Rd, Apt 3C, Springfield, IL 62704}}.
Follow up with Dr. {{names:Priya Raman}} in 2 weeks; call {{phones:217-555-0199}} with questions.
SSN on file: {{ssns:512-44-9087}}.`,

  `Mrs. {{names:Evelyn Park}} is an 82 year old woman brought in by her daughter {{names:Grace Park}}.
She fell at home ({{addresses:77 Ocean View Dr, Portland, ME 04101}}) on {{dates:12 Feb 2024}}.
X-ray: no fracture. Acetaminophen 500 mg q6h PRN. Daughter's email: {{emails:grace.park77@example.org}}.`,

  `Referred by {{names:Samuel Brooks}}, NP. Patient {{names:Tom Nguyen}} reports chest pain x 3 days,
worse on exertion. Troponin 0.02 ng/mL. ECG: sinus rhythm, rate 88. Plan: stress test on {{dates:5/28/24}}.
Fax results to {{phones:+1 503 555 0111}}. Insurance ID 44-XK-901 (not an identifier this note tracks).`,

  `Telehealth visit. Mr. {{names:Jonah Feld}} (MRN {{mrns:7731904}}) called from {{phones:312.555.0177 ext. 22}}.
Reports adherence to lisinopril 10 mg daily. Next labs {{dates:June 9, 2024}}.
Wife {{names:Hannah Feld}} asks that results go to {{emails:h.feld@mail.example.com}}.`,

  `Pediatric well visit. Guardian: {{names:Aisha Rahman}}. Child weight 18.2 kg, height 104 cm (50th percentile).
Vaccines given: DTaP, IPV. Next visit {{dates:Sept 14, 2024}}. Address on file:
{{addresses:2045 W 5th Street, Unit 2, Tulsa, OK 74103}}. Phone {{phones:918-555-0162}}.`,

  `Psychiatry progress note. Patient {{names:Derek O'Neill}} denies SI/HI. Sleep 6 h/night.
Sertraline increased from 50 mg to 100 mg on {{dates:2024-02-02}}. Seen by Dr. {{names:Ruth Adler}}.
Social Security Number: {{ssns:123456789}}. Dr. visit in 4 weeks; group therapy Tuesdays at 3 pm.`,

  `Emergency contact {{names:Paul Mercer}}, {{phones:(404) 555-0188}}. Patient was found at
{{addresses:310 Peachtree Ave, Atlanta, GA 30303}}. GCS 14. Glucose 62 mg/dL, treated with D50.
Ms. {{names:Lena Mercer}} arrived at 02:40. Temp 36.9 C. Medical Record Number: {{mrns:A0099812}}.`,

  `Oncology consult for Mr. {{names:Victor Hale}}, seen {{dates:10/02/2023}}. Stage IIB, ECOG 1.
Cycle 3 of 6 completed {{dates:November 20, 2023}}. WBC 3.1, ANC 1.6, platelets 140.
Questions to the nurse line at {{phones:800-555-0100}} or {{emails:oncology.nurses@hospital.example}}.`,

  `Dermatology. Patient {{names:Kim Lee}} presents with a 6 mm lesion on the left forearm, present since 2019.
Biopsy sent {{dates:1/5/2024}}. Result letter to {{addresses:9 Birch Ln, Madison, WI 53703}}.
Physician {{names:Omar Haddad}}, pager 4471.`,
];

/** A marked note as its plain text and the identifiers in it. */
export interface ParsedNote {
  text: string;
  spans: { kind: PhiKind; start: number; end: number }[];
}

/** Strips the `{{kind:value}}` marks of a note, recording where each value lands. */
export function parseNote(note: string): ParsedNote {
  const spans: ParsedNote['spans'] = [];
  let text = '';
  let at = 0;
  for (const match of note.matchAll(/\{\{(\w+):([^}]+)\}\}/g)) {
    text += note.slice(at, match.index);
    const value = match[2] as string;
    spans.push({ kind: match[1] as PhiKind, start: text.length, end: text.length + value.length });
    text += value;
    at = (match.index ?? 0) + match[0].length;
  }
  return { text: text + note.slice(at), spans };
}
