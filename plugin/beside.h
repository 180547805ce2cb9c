/* beside.h
 * Analysis beside a stock dissector: a wrapper handle calls the stock
 * dissector (SMTP, LDAP) first, with TCP desegmentation restored, then runs an
 * analysis over the complete PDUs it consumed. On the stock dissector's own
 * ports the wrapper carries the stock protocol and calls it without adding a
 * layer, so the tree, layers, columns and Decode As look as without the plugin.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_BESIDE_H
#define EXCH_BESIDE_H

#include <epan/packet.h>

/* tvb[0, end) holds the complete PDUs the stock dissector consumed. */
typedef void (*beside_analysis_t)(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data, int end);

typedef struct {
    const char *stock_name;      /* "smtp" */
    const char *inner_name;      /* a private table: the stock handle by port, e.g. "xlsa.smtp" */
    int proto;                   /* the analysing protocol: its enable switch */
    beside_analysis_t analyse;   /* NULL: the wrapper does its work before the stock dissector */
    dissector_handle_t stock;    /* set by beside_handoff (or by hand for a stock dissector without a name) */
    dissector_table_t inner;     /* set by beside_register */
} beside_t;

/* In proto_register_*: creates the private table. */
void beside_register(beside_t *b);

/* In proto_reg_handoff_*: finds the stock handle and puts a wrapper (dissector
 * fn, which calls beside_dissect) on every entry of the given tables
 * (NULL-terminated, e.g. "tcp.port", "tls.port") that the stock handle has.
 * Returns the stock handle, NULL when it does not exist. */
dissector_handle_t beside_handoff(beside_t *b, dissector_t fn, const char *name, const char *description,
                                  const char *const *tables);

/* The wrapper's body: stock dissector (layered: as a layer of its own, for a
 * wrapper of another protocol; else without a new layer), then the analysis. */
int beside_dissect(beside_t *b, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data, gboolean layered);

#endif /* EXCH_BESIDE_H */
