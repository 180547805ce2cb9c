/* fixed_random.c
 * Preloaded into tshark for instruction counts only: GLib's g_random_int()
 * seeds the hash functions of Wireshark's maps (wmem_init_hashing), so that
 * two runs of the same command differ by up to 1 % of their instructions.
 * This g_random_int() returns a fixed xorshift sequence from EXCH_BENCH_SEED,
 * which makes callgrind's counts repeatable to the instruction.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>

uint32_t g_random_int(void);

uint32_t
g_random_int(void)
{
    static uint32_t state;

    if (!state) {
        const char *seed = getenv("EXCH_BENCH_SEED");
        state = seed ? (uint32_t)strtoul(seed, NULL, 0) : 1;
        if (!state)
            state = 1;
    }
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}
