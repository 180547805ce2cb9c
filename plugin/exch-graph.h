/* exch-graph.h
 * The labelled traffic as a Graphviz graph: tshark -z exch_graph,dot.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_GRAPH_H
#define EXCH_GRAPH_H

/* In the plugin's tap registration: the -z exch_graph,dot report. */
void exch_graph_register(void);

#endif /* EXCH_GRAPH_H */
