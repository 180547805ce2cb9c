/* xlsa-transfer.h
 * Link-state transfers: the chunks of one direction of a connection joined
 * from FIRST to LAST, kept within hard caps, and shown as a data source of
 * their own with their text parsed as far as documented. Also the GUIDs that
 * completed transfers named, so that opaque data can be searched for them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef XLSA_TRANSFER_H
#define XLSA_TRANSFER_H

#include <epan/packet.h>

#define XLSA_TRANSFER_MAX (1024 * 1024)  /* bytes kept of one transfer */
#define XLSA_TRANSFER_FRAMES 64          /* chunk frames linked from a transfer */
#define XLSA_OPEN_TRANSFERS_MAX 1024     /* transfers assembled at once, capture-wide */
#define XLSA_BLOB_DEPTH 32               /* groups shown nested */
#define XLSA_BLOB_ITEMS 4096             /* tokens shown */
#define XLSA_UNSCANNED_MAX 4096          /* completed transfers awaiting the GUID scan */

typedef struct {
    guint8 *data;
    guint32 len;
    guint32 chunks;
    guint32 frames[XLSA_TRANSFER_FRAMES];
    guint32 nframes;
    guint32 completed_in;       /* frame of the LAST chunk, 0 while open */
    guint32 last_frame;         /* frame and key of the latest chunk */
    guint32 last_key;
    gboolean truncated;         /* XLSA_TRANSFER_MAX reached */
} xlsa_transfer_t;

/* In proto_register_xlsa: the transfer fields, subtrees and expert infos. */
void xlsa_transfer_register(int proto_xlsa);

/* A new transfer, or NULL when XLSA_OPEN_TRANSFERS_MAX are open. */
xlsa_transfer_t *xlsa_transfer_open(void);

/* An open transfer was replaced by a new FIRST: it stays unterminated, and
 * no longer counts as open. */
void xlsa_transfer_abandon(void);

/* Appends a chunk's data tvb[offset, offset + len) sent in frame. */
void xlsa_transfer_append(xlsa_transfer_t *t, tvbuff_t *tvb, int offset, guint32 len, guint32 frame, guint32 key);

/* The LAST chunk came: the transfer is complete; its GUIDs will be remembered. */
void xlsa_transfer_complete(xlsa_transfer_t *t, guint32 frame);

/* Shows a completed transfer under tree as the data source "Link-state
 * transfer"; returns the item its expert infos attach to. */
proto_item *xlsa_transfer_show(packet_info *pinfo, proto_tree *tree, tvbuff_t *parent, const xlsa_transfer_t *t);

/* The expert infos of a completed transfer, on item. */
void xlsa_transfer_experts(packet_info *pinfo, const xlsa_transfer_t *t, proto_item *item);

/* The expert info of a FIRST that was not assembled (xlsa_transfer_open gave NULL). */
void xlsa_transfer_capped_expert(packet_info *pinfo, proto_item *item);

/* Adds an xlsa.guid item for each GUID written (32 hex digits) in data[off, off + run). */
void xlsa_guids_show_written(proto_tree *tree, tvbuff_t *tvb, const guint8 *data, size_t off, size_t run);

/* Whether every GUID that transfers completed before frame named is
 * remembered (256 are at most). */
gboolean xlsa_guids_complete_before(guint32 frame);

/* Adds an xlsa.guid item for every 16 bytes of data[0, len) (tvb offset 0) that
 * are the raw form of a GUID a transfer completed before this frame named. */
void xlsa_guids_show_raw(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const guint8 *data, size_t len);

/* The expert info of data searched without every GUID named before it. */
void xlsa_guids_capped_expert(packet_info *pinfo, proto_item *item);

#endif /* XLSA_TRANSFER_H */
