/* fuzz_linkstate.c
 * libFuzzer target: the link-state line grammar, heuristic, chunk sequence,
 * transfer tokenizer, string and GUID scanners, as packet-xlsa.c uses them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "linkstate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lsa_guidset_t guids;

static void
lines(const uint8_t *data, size_t size)
{
    lsa_chunks_t chunks = { 0 };
    size_t pos = 0;

    while (pos < size) {
        const uint8_t *lf = memchr(data + pos, '\n', size - pos);
        size_t end = lf ? (size_t)(lf - data) : size, len = end - pos;
        lsa_command_t cmd;
        lsa_reply_t reply;

        if (lsa_parse_reply(data + pos, len, &reply)) {
            (void)lsa_keyword_len(data + pos + reply.text_off, reply.text_len);
        } else {
            lsa_parse_command(data + pos, len, &cmd);
            if (cmd.chunk && (cmd.data_off + cmd.data_len > len || cmd.marker_off + cmd.marker_len > len))
                abort();
            (void)lsa_chunks_feed(&chunks, (unsigned)(pos & 1), cmd.marker, cmd.data_len);
            (void)lsa_number(data + pos + cmd.param_off, len - cmd.param_off);
        }
        pos = end + 1;
    }
}

static void
tokens(const uint8_t *data, size_t size)
{
    lsa_token_t tok;
    size_t pos = 0, last = 0, guid = 0;

    do {
        pos = lsa_blob_next(data, size, pos, &tok);
        if (tok.off + tok.len > size || (tok.kind != LSA_TOK_END && pos <= last && size))
            abort();
        last = pos;
        if (tok.kind == LSA_TOK_GUID) {
            /* the fast scan finds exactly the tokenizer's GUIDs */
            if (!lsa_next_guid(data, size, &guid) || guid != tok.off)
                abort();
            guid += LSA_GUID_HEX;
            lsa_guidset_add(&guids, data + tok.off, (uint32_t)tok.off);
        }
        if (tok.kind == LSA_TOK_NUMBER || tok.kind == LSA_TOK_LENGTH) {
            uint64_t value;
            (void)lsa_token_value(data, &tok, &value);
        }
    } while (tok.kind != LSA_TOK_END);
    {
        size_t org, digest;
        if (lsa_org_info(data, size, &org, &digest) &&
            (digest <= org || digest + LSA_GUID_HEX > size || !lsa_is_guid_at(data, size, org)))
            abort();
    }
    if (lsa_next_guid(data, size, &guid))
        abort();
}

static void
opaque(const uint8_t *data, size_t size)
{
    size_t pos = 0, off, run;

    while (lsa_next_string(data, size, pos, 4, &off, &run)) {
        for (size_t i = off; i < off + run; i++)
            (void)lsa_is_guid_at(data, off + run, i);
        pos = off + run;
    }
    for (size_t i = 0; i + 16 <= size; i++)
        (void)lsa_guidset_find(&guids, data + i, (uint32_t)i);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)lsa_heuristic_match(data, size);
    (void)lsa_looks_textual(data, size);
    lines(data, size);
    tokens(data, size);
    opaque(data, size);
    if (guids.count > LSA_GUIDSET_SLOTS / 2)
        abort();
    return 0;
}
