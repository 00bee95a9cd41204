/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * exec-script.c: run a test script in place of this process.
 *
 * usage: exec-script INTERPRETER SCRIPT [ARG...]
 *
 * meson's test setups wrap the test program (valgrind under --setup
 * valgrind); exec'ing the interpreter ends the wrapping, so interpreters are
 * never traced, only this program.
 */
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: exec-script INTERPRETER SCRIPT [ARG...]\n");
        return 99;
    }
    execv(argv[1], argv + 1);
    perror(argv[1]);
    return 99;
}
