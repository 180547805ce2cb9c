/* rpc-interfaces.h
 * Exchange 2000/2003 RPC interfaces that Wireshark does not name, generated
 * from fields/rpc-interfaces.tsv.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_RPC_INTERFACES_H
#define EXCH_RPC_INTERFACES_H

#include <stdint.h>

typedef struct {
    struct {
        uint32_t data1;
        uint16_t data2, data3;
        uint8_t data4[8];
    } uuid;                       /* laid out as Wireshark's e_guid_t (compared with memcmp) */
    const char *name;
} exch_rpc_interface_t;

extern const exch_rpc_interface_t exch_rpc_interfaces[];
extern const unsigned exch_rpc_interface_count;

#endif /* EXCH_RPC_INTERFACES_H */
