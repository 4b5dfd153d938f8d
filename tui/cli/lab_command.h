/* lab_command - `ptrdoctor lab --list`: the built-in scenarios with their
 * verdicts and titles. (`ptrdoctor lab NAME` is the wizard answering from
 * a scenario.) */
#ifndef PTRDOCTOR_LAB_COMMAND_H
#define PTRDOCTOR_LAB_COMMAND_H

/* lab_command_list - the process exit code: 0, or 3 when a built-in
 * scenario did not load. */
int lab_command_list(void);

#endif
