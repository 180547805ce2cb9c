/* linkstate.h
 * Parsing of the Exchange routing engine's link-state dialogue: X-LINK2STATE
 * and X-LSA-2 lines inside SMTP or on TCP 691, SMTP-style replies, the chunk
 * sequence of a link-state transfer, and the transfer's text ("OrgInfo").
 *
 * What is public about the format (Snort's reverse engineering, Microsoft KBs):
 *   X-LINK2STATE [FIRST|NEXT|LAST] CHUNK=[{8 hex digits}[ ]]<data> CRLF
 * Nothing else is assumed. Pure C, no Wireshark types.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_LINKSTATE_H
#define EXCH_LINKSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LSA_MAX_LINE 1024            /* KB 812455: maximum command/response size, CRLF included */
#define LSA_MS05_021_THRESHOLD 520   /* Snort 124:8: longer unmarked first chunks overflow xlsasink */
#define LSA_GUID_HEX 32              /* GUIDs are written as 32 hex digits */

typedef enum { LSA_MARKER_NONE, LSA_MARKER_FIRST, LSA_MARKER_NEXT, LSA_MARKER_LAST } lsa_marker_t;

/* A command line (terminator excluded). Offsets are from the start of the line. */
typedef struct {
    size_t verb_len;              /* the verb is line[0, verb_len) */
    size_t param_off, param_len;  /* what follows the verb and its spaces */
    bool link_state;              /* the verb is X-LINK2STATE or X-LSA-2 */
    bool chunk;                   /* a link-state line carrying CHUNK= */
    lsa_marker_t marker;
    size_t marker_off, marker_len;
    bool has_declared;            /* CHUNK={hex} */
    uint32_t declared;
    size_t declared_off, declared_len;  /* the braces included */
    size_t data_off, data_len;
} lsa_command_t;

/* An SMTP-style reply line: three digits, then ' ', '-' or the end. */
typedef struct {
    unsigned code;
    bool continues;               /* '-': more lines follow */
    size_t text_off, text_len;
} lsa_reply_t;

/* Parses a reply line; false when the line is not one. */
bool lsa_parse_reply(const uint8_t *line, size_t len, lsa_reply_t *reply);

/* Parses a command line (never fails for a non-empty line). */
void lsa_parse_command(const uint8_t *line, size_t len, lsa_command_t *cmd);

/* Case-insensitive comparison of the first word of line with word. */
bool lsa_word_is(const uint8_t *line, size_t len, const char *word);

/* Length of the first word (up to a space or tab). */
size_t lsa_word_len(const uint8_t *text, size_t len);

/* Length of the EHLO keyword at the start of a reply's text: up to a space,
 * a tab or '=' (the old "AUTH=LOGIN" form). */
size_t lsa_keyword_len(const uint8_t *text, size_t len);

/* The decimal number at the start of text (saturating at UINT32_MAX), 0 when none. */
uint32_t lsa_number(const uint8_t *text, size_t len);

/* True for X-LINK2STATE and X-LSA-2 (an EHLO keyword or a verb). */
bool lsa_is_link_state_word(const uint8_t *word, size_t len);

/* The strict heuristic: a link-state command with a chunk keyword at the start
 * of data, or an SMTP reply whose lines advertise a link-state keyword. */
bool lsa_heuristic_match(const uint8_t *data, size_t len);

/* True when the first bytes look like text lines (printable ASCII, CR, LF, TAB). */
bool lsa_looks_textual(const uint8_t *data, size_t len);

/* --- the chunk sequence of one connection --------------------------------- */

typedef enum {
    LSA_EV_STARTS = 1 << 0,        /* a FIRST chunk opens a transfer */
    LSA_EV_APPENDS = 1 << 1,       /* the chunk belongs to the open transfer */
    LSA_EV_COMPLETES = 1 << 2,     /* a LAST chunk closes it */
    LSA_EV_ABANDONS = 1 << 3,      /* a FIRST while a transfer was open: the old one is dropped */
    LSA_EV_OUT_OF_ORDER = 1 << 4,  /* NEXT/LAST with no open FIRST, or FIRST while one is open */
    LSA_EV_MS05_021 = 1 << 5,      /* unmarked chunk > 520 bytes with no earlier FIRST */
} lsa_event_t;

typedef struct {
    bool first_seen;               /* a FIRST was seen in the connection (either direction) */
    bool open[2];                  /* a transfer is open, per direction */
} lsa_chunks_t;

/* Feeds one chunk line sent in direction dir (0 or 1); returns LSA_EV_* flags.
 * length: the data's size for the MS05-021 rule, the larger of the declared and
 * the actual length (Snort trusts the declared one; the exploit sends none). */
unsigned lsa_chunks_feed(lsa_chunks_t *state, unsigned dir, lsa_marker_t marker, uint64_t length);

/* --- the text of a completed transfer ------------------------------------- */

typedef enum {
    LSA_TOK_END, LSA_TOK_OPEN, LSA_TOK_CLOSE,
    LSA_TOK_GUID,     /* 32 hex digits */
    LSA_TOK_NUMBER,   /* decimal digits */
    LSA_TOK_LENGTH,   /* {hex digits} */
    LSA_TOK_WORD,     /* other printable run */
    LSA_TOK_BINARY,   /* a run of bytes that are not printable ASCII */
} lsa_token_kind_t;

typedef struct {
    lsa_token_kind_t kind;
    size_t off, len;
} lsa_token_t;

/* Reads the token at or after pos (white space skipped); returns the position
 * after it. At the end, tok->kind is LSA_TOK_END and len is 0. */
size_t lsa_blob_next(const uint8_t *blob, size_t len, size_t pos, lsa_token_t *tok);

/* The value of an LSA_TOK_NUMBER (decimal) or LSA_TOK_LENGTH ({hex}) token;
 * false when it does not fit 64 bits (or the token is of another kind). */
bool lsa_token_value(const uint8_t *blob, const lsa_token_t *tok, uint64_t *value);

/* Where a transfer's first two values are, when both are GUIDs: possibly the
 * organization's objectGUID and the table's MD5 digest. Parentheses are passed
 * over, and so is a MULTI (n) ({hex}) header, the form of the one genuine chunk
 * on record (CHUNK={0000006d} MULTI (5) ({00000000051} ...). */
bool lsa_org_info(const uint8_t *blob, size_t len, size_t *org_off, size_t *digest_off);

/* Finds the next LSA_TOK_GUID token at or after *pos, which must be a token
 * boundary, without classifying the other tokens: true and *pos = its offset,
 * or false and *pos = len. */
bool lsa_next_guid(const uint8_t *blob, size_t len, size_t *pos);

/* --- opaque (binary) data ------------------------------------------------- */

/* Finds the next run of at least min_len printable ASCII bytes at or after pos.
 * Returns true and sets *off, *run; false when there is none. */
bool lsa_next_string(const uint8_t *data, size_t len, size_t pos, size_t min_len, size_t *off, size_t *run);

/* True when data[pos, pos + 32) are 32 hex digits not surrounded by other hex digits. */
bool lsa_is_guid_at(const uint8_t *data, size_t len, size_t pos);

/* GUIDs named in link-state text, remembered so that the same GUID is found
 * again as 16 raw bytes in opaque data. The raw form of a written GUID is not
 * public, so both plausible ones are kept: the bytes as written, and a Windows
 * GUID structure (Data1..Data3 little-endian). Each GUID keeps the frame that
 * first named it, so that a search can ask for what was named before a frame.
 * Fixed capacity: when full, further GUIDs are not remembered. */
#define LSA_GUIDSET_SLOTS 1024           /* two per GUID, half kept free: 256 GUIDs */

typedef struct {
    uint8_t raw[LSA_GUIDSET_SLOTS][16];
    char text[LSA_GUIDSET_SLOTS][LSA_GUID_HEX + 1];
    uint32_t since[LSA_GUIDSET_SLOTS];   /* the frame that named it */
    bool used[LSA_GUIDSET_SLOTS];
    unsigned count;
} lsa_guidset_t;

void lsa_guidset_clear(lsa_guidset_t *set);

/* Remembers the GUID written as 32 hex digits at hex, named in frame since
 * (a GUID known already keeps its earlier frame); false when the set is full. */
bool lsa_guidset_add(lsa_guidset_t *set, const uint8_t *hex, uint32_t since);

/* The written form of a GUID named before frame before whose raw form is
 * raw[0, 16), or NULL. */
const char *lsa_guidset_find(const lsa_guidset_t *set, const uint8_t *raw, uint32_t before);

#endif /* EXCH_LINKSTATE_H */
