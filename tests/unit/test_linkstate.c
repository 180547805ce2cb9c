/* test_linkstate.c
 * Unit tests of the link-state line grammar, chunk sequence and tokenizer.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>

#include "check.h"
#include "linkstate.h"

#define S(text) (const uint8_t *)(text), strlen(text)

static void
test_chunk_lines(void)
{
    lsa_command_t c;
    const char *line = "X-LINK2STATE FIRST CHUNK={00000010} (d38082e7c9ecd7)";

    lsa_parse_command(S(line), &c);
    CHECK(c.verb_len == 12 && c.link_state && c.chunk);
    CHECK(c.marker == LSA_MARKER_FIRST && c.marker_off == 13 && c.marker_len == 5);
    CHECK(c.has_declared && c.declared == 16 && c.declared_off == 25 && c.declared_len == 10);
    CHECK(c.data_off == 36 && c.data_len == 16);
    CHECK(c.param_off == 13 && c.param_len == strlen(line) - 13);

    /* unmarked, no braces: the data starts right after CHUNK= */
    lsa_parse_command(S("X-LINK2STATE CHUNK=AAAA"), &c);
    CHECK(c.chunk && c.marker == LSA_MARKER_NONE && !c.has_declared && c.data_off == 19 && c.data_len == 4);

    /* lower case verb and keywords, several spaces, X-LSA-2 */
    lsa_parse_command(S("x-lsa-2   last   chunk={1f}done"), &c);
    CHECK(c.link_state && c.chunk && c.marker == LSA_MARKER_LAST && c.declared == 0x1f);
    CHECK(c.data_off == 27 && c.data_len == 4);

    /* nine hex digits are not a declared length: the braces are data */
    lsa_parse_command(S("X-LSA-2 CHUNK={000000001} x"), &c);
    CHECK(c.chunk && !c.has_declared && c.data_off == 14);

    /* the Snort comment's form: no space after the braces */
    lsa_parse_command(S("X-LINK2STATE NEXT CHUNK={0000006d}MULTI (5)"), &c);
    CHECK(c.has_declared && c.declared == 0x6d && c.data_off == 34 && c.data_len == 9);

    /* no CHUNK=: a link-state verb, but no chunk */
    lsa_parse_command(S("X-LINK2STATE"), &c);
    CHECK(c.link_state && !c.chunk && c.param_len == 0);

    /* other verbs are plain commands; X-LINK2STATEX is not the verb */
    lsa_parse_command(S("MAIL FROM:<a@b>"), &c);
    CHECK(!c.link_state && c.verb_len == 4 && c.param_off == 5);
    lsa_parse_command(S("X-LINK2STATEX CHUNK=a"), &c);
    CHECK(!c.link_state && !c.chunk);
    lsa_parse_command((const uint8_t *)"", 0, &c);
    CHECK(c.verb_len == 0 && !c.link_state);
}

static void
test_replies(void)
{
    lsa_reply_t r;

    CHECK(lsa_parse_reply(S("250-X-LINK2STATE"), &r) && r.code == 250 && r.continues && r.text_off == 4);
    CHECK(lsa_parse_reply(S("500 5.5.2 Error: command not recognized"), &r) && r.code == 500 && !r.continues);
    CHECK(lsa_parse_reply(S("221"), &r) && r.code == 221 && r.text_len == 0);
    CHECK(!lsa_parse_reply(S("25"), &r));
    CHECK(!lsa_parse_reply(S("2500"), &r));
    CHECK(!lsa_parse_reply(S("EHLO x"), &r));
    CHECK(!lsa_parse_reply(S("650 x"), &r));
    CHECK(lsa_is_link_state_word(S("X-LINK2STATE")) && lsa_is_link_state_word(S("x-lsa-2 extra")));
    CHECK(!lsa_is_link_state_word(S("XEXCH50")));
}

static void
test_heuristic(void)
{
    CHECK(lsa_heuristic_match(S("X-LINK2STATE FIRST CHUNK={00000004} abcd\r\n")));
    CHECK(lsa_heuristic_match(S("X-LSA-2 CHUNK=abc\r\n")));
    CHECK(lsa_heuristic_match(S("X-LSA-2 NEXT")));  /* a marker: split before CHUNK= */
    CHECK(!lsa_heuristic_match(S("X-LINK2STATE\r\n")));
    CHECK(!lsa_heuristic_match(S("X-LINK2STATEFIRST CHUNK=a\r\n")));
    CHECK(lsa_heuristic_match(S("250-mail.example\r\n250-XEXCH50\r\n250-X-LINK2STATE\r\n250 OK\r\n")));
    CHECK(lsa_heuristic_match(S("250-host\r\n250 X-LSA-2\r\n")));
    CHECK(!lsa_heuristic_match(S("250-host\r\n250 OK\r\n250-X-LINK2STATE\r\n")));
    CHECK(!lsa_heuristic_match(S("220 host ESMTP ready\r\n")));
    CHECK(!lsa_heuristic_match(S("GET / HTTP/1.1\r\n")));
    CHECK(!lsa_heuristic_match(S("250-ok\r\nhello\r\n")));
    CHECK(!lsa_heuristic_match(S("X-L")));
}

static void
test_chunk_sequence(void)
{
    lsa_chunks_t s = { 0 };

    /* the exploit: unmarked, no FIRST, over 520 bytes */
    CHECK(lsa_chunks_feed(&s, 0, LSA_MARKER_NONE, 1000) == LSA_EV_MS05_021);
    CHECK(lsa_chunks_feed(&s, 0, LSA_MARKER_NONE, 520) == 0);
    CHECK(lsa_chunks_feed(&s, 0, LSA_MARKER_NEXT, 10) == LSA_EV_OUT_OF_ORDER);
    CHECK(lsa_chunks_feed(&s, 0, LSA_MARKER_LAST, 10) == LSA_EV_OUT_OF_ORDER);
    /* a proper transfer, with an unmarked chunk in the middle */
    CHECK(lsa_chunks_feed(&s, 0, LSA_MARKER_FIRST, 10) == LSA_EV_STARTS);
    CHECK(lsa_chunks_feed(&s, 0, LSA_MARKER_NEXT, 10) == LSA_EV_APPENDS);
    CHECK(lsa_chunks_feed(&s, 0, LSA_MARKER_NONE, 900) == LSA_EV_APPENDS);
    CHECK(lsa_chunks_feed(&s, 1, LSA_MARKER_NEXT, 10) == LSA_EV_OUT_OF_ORDER);  /* per direction */
    CHECK(lsa_chunks_feed(&s, 0, LSA_MARKER_LAST, 10) == (LSA_EV_APPENDS | LSA_EV_COMPLETES));
    /* after a FIRST in the connection, long unmarked chunks are no longer MS05-021 */
    CHECK(lsa_chunks_feed(&s, 1, LSA_MARKER_NONE, 5000) == 0);
    /* FIRST while open abandons the open transfer */
    CHECK(lsa_chunks_feed(&s, 1, LSA_MARKER_FIRST, 1) == LSA_EV_STARTS);
    CHECK(lsa_chunks_feed(&s, 1, LSA_MARKER_FIRST, 1) ==
          (LSA_EV_STARTS | LSA_EV_ABANDONS | LSA_EV_OUT_OF_ORDER));
}

static void
test_tokens(void)
{
    const char *blob = "d38082e7c9ecd74dbff32bada8932642 0123456789abcdef0123456789ABCDEF"
                       "(MULTI (5) ({0000006d} 42 x-y)) \x01\x02 z";
    static const lsa_token_kind_t want[] = {
        LSA_TOK_GUID, LSA_TOK_GUID, LSA_TOK_OPEN, LSA_TOK_WORD, LSA_TOK_OPEN, LSA_TOK_NUMBER,
        LSA_TOK_CLOSE, LSA_TOK_OPEN, LSA_TOK_LENGTH, LSA_TOK_NUMBER, LSA_TOK_WORD, LSA_TOK_CLOSE,
        LSA_TOK_CLOSE, LSA_TOK_BINARY, LSA_TOK_WORD, LSA_TOK_END,
    };
    lsa_token_t tok;
    size_t pos = 0;

    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        pos = lsa_blob_next(S(blob), pos, &tok);
        CHECK(tok.kind == want[i]);
    }
    pos = lsa_blob_next(S(blob), 0, &tok);
    CHECK(tok.off == 0 && tok.len == 32 && pos == 32);
    /* 33 hex digits are a word, not a GUID */
    lsa_blob_next(S("d38082e7c9ecd74dbff32bada89326421"), 0, &tok);
    CHECK(tok.kind == LSA_TOK_WORD);
    lsa_blob_next(S("   "), 0, &tok);
    CHECK(tok.kind == LSA_TOK_END && tok.len == 0);
}

static lsa_token_t
token(lsa_token_kind_t kind, size_t off, size_t len)
{
    lsa_token_t tok = { kind, off, len };
    return tok;
}

static void
test_token_values(void)
{
    uint64_t v = 1;
    lsa_token_t tok;

    CHECK(lsa_token_value((const uint8_t *)"42", &(lsa_token_t){ LSA_TOK_NUMBER, 0, 2 }, &v) && v == 42);
    CHECK(lsa_token_value((const uint8_t *)"{0000006d}", &(lsa_token_t){ LSA_TOK_LENGTH, 0, 10 }, &v) && v == 0x6d);
    CHECK(lsa_token_value((const uint8_t *)"{00000000051}", &(lsa_token_t){ LSA_TOK_LENGTH, 0, 13 }, &v) && v == 0x51);
    /* 64 bits hold 18446744073709551615 and ffffffffffffffff, not one more */
    tok = token(LSA_TOK_NUMBER, 0, 20);
    CHECK(lsa_token_value((const uint8_t *)"18446744073709551615", &tok, &v) && v == UINT64_MAX);
    CHECK(!lsa_token_value((const uint8_t *)"18446744073709551616", &tok, &v));
    tok = token(LSA_TOK_NUMBER, 0, 21);
    CHECK(lsa_token_value((const uint8_t *)"000000000000000000001", &tok, &v) && v == 1);  /* leading zeros */
    tok = token(LSA_TOK_LENGTH, 0, 18);
    CHECK(lsa_token_value((const uint8_t *)"{FFFFFFFFFFFFFFFF}", &tok, &v) && v == UINT64_MAX);
    tok = token(LSA_TOK_LENGTH, 0, 19);
    CHECK(!lsa_token_value((const uint8_t *)"{10000000000000000}", &tok, &v));
    CHECK(!lsa_token_value((const uint8_t *)"abc", &(lsa_token_t){ LSA_TOK_WORD, 0, 3 }, &v));
}

static void
test_org_info(void)
{
    static const char org[] = "d38082e7c9ecd74dbff32bada8932642", md5[] = "9e107d9d372bb6826bd81d3542a419d6";
    char text[256];
    size_t o = 0, d = 0;

    snprintf(text, sizeof text, "%s %s ((%s x))", org, md5, org);
    CHECK(lsa_org_info(S(text), &o, &d) && o == 0 && d == 33);
    /* the header of the genuine chunk on record */
    snprintf(text, sizeof text, "MULTI (5) ({00000000051} %s %s (x))", org, md5);
    CHECK(lsa_org_info(S(text), &o, &d) && o == 25 && d == 58);
    snprintf(text, sizeof text, "MULTI (5) %s %s", org, md5);       /* without the braced value */
    CHECK(lsa_org_info(S(text), &o, &d) && o == 10 && d == 43);
    snprintf(text, sizeof text, "(%s) (%s)", org, md5);
    CHECK(lsa_org_info(S(text), &o, &d) && o == 1 && d == 36);
    /* no: one GUID, a word first, MULTI without its count, two braced values */
    snprintf(text, sizeof text, "%s x %s", org, md5);
    CHECK(!lsa_org_info(S(text), &o, &d));
    snprintf(text, sizeof text, "RG %s %s", org, md5);
    CHECK(!lsa_org_info(S(text), &o, &d));
    snprintf(text, sizeof text, "MULTI ({00000000051} %s %s", org, md5);
    CHECK(!lsa_org_info(S(text), &o, &d));
    snprintf(text, sizeof text, "MULTI (5) ({1} {2} %s %s", org, md5);
    CHECK(!lsa_org_info(S(text), &o, &d));
    CHECK(!lsa_org_info(S(""), &o, &d));
    CHECK(!lsa_org_info(S(org), &o, &d));
}

static void
test_guid_scan(void)
{
    /* the GUIDs the tokenizer finds, and none inside longer words */
    const char *blob = "d38082e7c9ecd74dbff32bada8932642 x0123456789abcdef0123456789abcdef "
                       "0123456789abcdef0123456789abcdefx (0123456789ABCDEF0123456789ABCDEF)\x01"
                       "d38082e7c9ecd74dbff32bada8932642";
    size_t pos = 0;

    CHECK(lsa_next_guid(S(blob), &pos) && pos == 0);
    pos += 32;
    CHECK(lsa_next_guid(S(blob), &pos) && pos == 102);
    pos += 32;
    CHECK(lsa_next_guid(S(blob), &pos) && pos == 136);
    pos += 32;
    CHECK(!lsa_next_guid(S(blob), &pos) && pos == strlen(blob));
}

static void
test_binary_helpers(void)
{
    const uint8_t data[] = "\x01\x02" "abc\x00" "routing group\xff";
    size_t off, run;
    lsa_guidset_t *set = calloc(1, sizeof *set);
    const uint8_t written[16] = { 0xd3, 0x80, 0x82, 0xe7, 0xc9, 0xec, 0xd7, 0x4d,
                                  0xbf, 0xf3, 0x2b, 0xad, 0xa8, 0x93, 0x26, 0x42 };
    const uint8_t windows[16] = { 0xe7, 0x82, 0x80, 0xd3, 0xec, 0xc9, 0x4d, 0xd7,
                                  0xbf, 0xf3, 0x2b, 0xad, 0xa8, 0x93, 0x26, 0x42 };
    uint8_t hex[32];

    CHECK(lsa_next_string(data, sizeof data - 1, 0, 4, &off, &run) && off == 6 && run == 13);
    CHECK(!lsa_next_string(data, sizeof data - 1, 19, 4, &off, &run));
    CHECK(lsa_is_guid_at(S("x d38082e7c9ecd74dbff32bada8932642)"), 2));
    CHECK(!lsa_is_guid_at(S("ad38082e7c9ecd74dbff32bada8932642"), 1));
    CHECK(!lsa_is_guid_at(S("d38082e7c9ecd74dbff32bada893264"), 0));

    lsa_guidset_clear(set);
    memcpy(hex, "D38082E7C9ECD74DBFF32BADA8932642", 32);
    CHECK(lsa_guidset_add(set, hex, 10));
    CHECK(set->count == 2);
    CHECK(lsa_guidset_add(set, hex, 5) && set->count == 2);     /* known already: keeps frame 10 */
    CHECK_STR(lsa_guidset_find(set, written, 11), "d38082e7c9ecd74dbff32bada8932642");
    CHECK_STR(lsa_guidset_find(set, windows, 11), "d38082e7c9ecd74dbff32bada8932642");
    CHECK(lsa_guidset_find(set, written, 10) == NULL);           /* named in frame 10, not before it */
    CHECK(lsa_guidset_find(set, data, 11) == NULL);
    /* 256 GUIDs are remembered (two slots each), the 257th is not */
    lsa_guidset_clear(set);
    for (unsigned i = 0; i < 257; i++) {
        for (int k = 0; k < 8; k++)
            hex[k] = (uint8_t)"0123456789abcdef"[(i >> (4 * (7 - k))) & 15];
        CHECK(lsa_guidset_add(set, hex, i + 1) == (i < 256));
    }
    CHECK(set->count == LSA_GUIDSET_SLOTS / 2);
    free(set);
}

int
main(void)
{
    test_chunk_lines();
    test_replies();
    test_heuristic();
    test_chunk_sequence();
    test_tokens();
    test_token_values();
    test_org_info();
    test_guid_scan();
    test_binary_helpers();
    return CHECK_DONE();
}
