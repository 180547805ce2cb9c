/* exch-findings.c
 * Listens on Wireshark's expert tap: every expert info of the findings the
 * plugin reports passes there, with its message, which names what was seen
 * (a mechanism, a query name) and never a secret. At most FINDINGS_MAX rows.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include "exch-findings.h"
#include "exch-stats.h"

#define FINDINGS_MAX 1024

static const char *const finding_names[] = {
    "exch.cleartext_credentials", "exch.starttls_not_used", "exch.unauthenticated_link_state", "exch.dns_failure",
    "xlsa.ms05_021",
};

typedef struct {
    const char *finding;             /* one of finding_names */
    char *source, *destination, *summary;
    guint count;
    guint32 first_frame;
    nstime_t first_seen;
} finding_row_t;

struct exch_findings {
    GHashTable *rows;                /* "finding|source|destination|summary" -> finding_row_t */
    guint dropped;
};

static void
free_row(gpointer p)
{
    finding_row_t *row = (finding_row_t *)p;

    g_free(row->source);
    g_free(row->destination);
    g_free(row->summary);
    g_free(row);
}

static const char *
finding_of(const expert_info_t *ei)
{
    const char *abbrev;

    if (ei->hf_index < 0)
        return NULL;
    abbrev = proto_registrar_get_abbrev(ei->hf_index);
    for (size_t i = 0; i < G_N_ELEMENTS(finding_names); i++)
        if (strcmp(abbrev, finding_names[i]) == 0)
            return finding_names[i];
    return NULL;
}

static tap_packet_status
findings_packet(void *p, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data, tap_flags_t flags _U_)
{
    exch_findings_t *f = (exch_findings_t *)p;
    const expert_info_t *ei = (const expert_info_t *)data;
    const char *finding = finding_of(ei);
    char *source, *destination, *key;
    finding_row_t *row;

    if (!finding)
        return TAP_PACKET_DONT_REDRAW;
    source = address_to_str(pinfo->pool, &pinfo->src);
    destination = address_to_str(pinfo->pool, &pinfo->dst);
    key = wmem_strdup_printf(pinfo->pool, "%s|%s|%s|%s", finding, source, destination, ei->summary);
    row = (finding_row_t *)g_hash_table_lookup(f->rows, key);
    if (!row) {
        if (g_hash_table_size(f->rows) >= FINDINGS_MAX) {
            f->dropped++;
            return TAP_PACKET_DONT_REDRAW;
        }
        row = g_new0(finding_row_t, 1);
        row->finding = finding;
        row->source = g_strdup(source);
        row->destination = g_strdup(destination);
        row->summary = g_strdup(ei->summary);
        row->first_frame = pinfo->num;
        row->first_seen = pinfo->abs_ts;
        g_hash_table_insert(f->rows, g_strdup(key), row);
    }
    row->count++;
    return TAP_PACKET_REDRAW;
}

static void
findings_reset(void *p)
{
    exch_findings_t *f = (exch_findings_t *)p;

    g_hash_table_remove_all(f->rows);
    f->dropped = 0;
}

/* tshark calls every draw before any finish: the firewall report prints the
 * section from its own draw, and the listener frees itself. */
static void
findings_finish(void *p)
{
    exch_findings_t *f = (exch_findings_t *)p;

    g_hash_table_destroy(f->rows);
    g_free(f);
}

exch_findings_t *
exch_findings_listen(void)
{
    exch_findings_t *f = g_new0(exch_findings_t, 1);
    GString *error;

    f->rows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_row);
    error = register_tap_listener("expert", f, NULL, TL_REQUIRES_NOTHING, findings_reset, findings_packet, NULL,
                                  findings_finish);
    if (error) {
        fprintf(stderr, "tshark: couldn't register the findings of exch_firewall: %s\n", error->str);
        g_string_free(error, TRUE);
        g_hash_table_destroy(f->rows);
        g_free(f);
        return NULL;
    }
    return f;
}

static gint
by_first_frame(gconstpointer a, gconstpointer b)
{
    const finding_row_t *x = *(const finding_row_t *const *)a, *y = *(const finding_row_t *const *)b;
    int c = g_strcmp0(x->finding, y->finding);

    if (!c)
        c = x->first_frame < y->first_frame ? -1 : x->first_frame > y->first_frame;
    return c ? c : g_strcmp0(x->summary, y->summary);
}

/* A CSV field, quoted (its quotes doubled) only when it must be, as Python's
 * csv module writes it: exch-report's merge prints the same bytes. */
static void
print_csv_text(const char *text)
{
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, stdout);
        return;
    }
    putchar('"');
    for (; *text; text++)
        printf(*text == '"' ? "\"\"" : "%c", *text);
    putchar('"');
}

void
exch_findings_print(const exch_findings_t *f, gboolean csv)
{
    GPtrArray *rows = g_ptr_array_new();
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, f->rows);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        g_ptr_array_add(rows, value);
    g_ptr_array_sort(rows, by_first_frame);
    if (csv)
        printf("\nfinding,source,destination,count,first_frame,first_seen,summary\n");
    else
        printf("\n=== Findings: security problems and failed locator lookups\n%-31s %-15s %-15s %6s %6s  %s\n",
               "finding", "source", "destination", "count", "first", "message");
    for (guint i = 0; i < rows->len; i++) {
        const finding_row_t *row = (const finding_row_t *)g_ptr_array_index(rows, i);

        if (csv) {
            char seen[40];

            exch_stats_time_text(&row->first_seen, seen, sizeof seen);
            printf("%s,%s,%s,%u,%u,%s,", row->finding, row->source, row->destination, row->count, row->first_frame,
                   seen);
            print_csv_text(row->summary);
            putchar('\n');
        } else {
            printf("%-31s %-15s %-15s %6u %6u  %s\n", row->finding, row->source, row->destination, row->count,
                   row->first_frame, row->summary);
        }
    }
    if (f->dropped)
        printf("%s%u findings beyond %u kinds are not counted\n", csv ? "# " : "", f->dropped, FINDINGS_MAX);
    g_ptr_array_free(rows, TRUE);
}
