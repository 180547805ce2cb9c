#!/usr/bin/python3
"""epm_client.py - ask a DCE/RPC endpoint mapper (TCP 135) where an interface
lives, then connect to the port it hands out and bind to that interface.

Usage: epm_client.py HOST

Uses Debian 12's python3-impacket (0.10) and the standard library only.
One connection to HOST:135 carries one bind to the endpoint mapper (EPM v3.0)
and then, on that same association:
  * ept_map for DRSUAPI v4.0 and for NETLOGON v1.0, each asking for an
    ncacn_ip_tcp tower (port 0 on 0.0.0.0, as Windows clients and impacket's
    own hept_map send it);
  * ept_lookup (RPC_C_EP_ALL_ELTS, up to 500 entries a call), repeated until
    the context handle comes back empty or the mapper answers
    ept_s_not_registered (the end of the table), listing every endpoint.
Then a second connection goes to the TCP port the DRSUAPI map returned and
makes an anonymous DCE/RPC bind to DRSUAPI v4.0 there (no call follows: the
point is a real connection to the learned port with a bind on it).

impacket's hept_map()/hept_lookup() helpers bind the mapper each time they
are called; they are not used, so that the map and lookup requests share one
bind on one connection.
"""
import socket
import sys
from struct import unpack

from impacket.dcerpc.v5 import epm, transport
from impacket.dcerpc.v5.rpcrt import DCERPCException
from impacket.uuid import bin_to_uuidtup, uuidtup_to_bin

# The interfaces whose endpoints are asked for (uuid, "major.minor").
DRSUAPI = ('e3514235-4b06-11d1-ab04-00c04fc2dcd2', '4.0')
NETLOGON = ('12345678-1234-abcd-ef00-01234567cffb', '1.0')
# NDR transfer syntax v2.0, the data representation floor of every tower here.
NDR = ('8a885d04-1ceb-11c9-9fe8-08002b104860', '2.0')
# ept_lookup's "no more entries" status (C706 ept_s_not_registered)
EPT_S_NOT_REGISTERED = 0x16c9a0d6


def tcp_tower(iface):
    """The 5-floor ncacn_ip_tcp tower an ept_map request carries: interface,
    NDR, RPC connection-oriented protocol, TCP port 0, IP 0.0.0.0."""
    if_bin, ndr_bin = uuidtup_to_bin(iface), uuidtup_to_bin(NDR)
    floor1 = epm.EPMRPCInterface()
    floor1['InterfaceUUID'] = if_bin[:16]
    floor1['MajorVersion'] = unpack('<H', if_bin[16:18])[0]
    floor1['MinorVersion'] = unpack('<H', if_bin[18:20])[0]
    floor2 = epm.EPMRPCDataRepresentation()
    floor2['DataRepUuid'] = ndr_bin[:16]
    floor2['MajorVersion'] = unpack('<H', ndr_bin[16:18])[0]
    floor2['MinorVersion'] = unpack('<H', ndr_bin[18:20])[0]
    floor3 = epm.EPMProtocolIdentifier()
    floor3['ProtIdentifier'] = epm.FLOOR_RPCV5_IDENTIFIER
    floor4 = epm.EPMPortAddr()
    floor4['IpPort'] = 0
    floor5 = epm.EPMHostAddr()
    floor5['Ip4addr'] = socket.inet_aton('0.0.0.0')
    tower = epm.EPMTower()
    tower['NumberOfFloors'] = 5
    tower['Floors'] = (floor1.getData() + floor2.getData() + floor3.getData()
                       + floor4.getData() + floor5.getData())
    return tower


def ept_map(dce, iface):
    """One ept_map call on an already bound mapper; returns the TCP ports of
    the towers in the answer (printed as string bindings)."""
    tower = tcp_tower(iface)
    request = epm.ept_map()
    request['max_towers'] = 4
    request['map_tower']['tower_length'] = len(tower)
    request['map_tower']['tower_octet_string'] = tower.getData()
    # fixed referent IDs, as impacket's hept_map uses (Windows 2003 wants them)
    request.fields['obj'].fields['ReferentID'] = 1
    request.fields['map_tower'].fields['ReferentID'] = 2
    resp = dce.request(request)
    ports = []
    print('ept_map %s v%s: status 0x%x, %d tower(s)'
          % (iface[0], iface[1], resp['status'], resp['num_towers']))
    for i in range(resp['num_towers']):
        answer = epm.EPMTower(b''.join(resp['ITowers'][i]['Data']['tower_octet_string']))
        floors = answer['Floors']
        print('  tower %d: %s' % (i, epm.PrintStringBinding(floors)))
        if floors[3]['ProtocolData'] == b'\x07':          # TCP port floor
            ports.append(unpack('!H', floors[3]['RelatedData'])[0])
    return ports


def ept_lookup_all(dce):
    """ept_lookup over the whole endpoint table, as rpcdump does."""
    handle = epm.ept_lookup_handle_t()
    n = 0
    while True:
        request = epm.ept_lookup()
        request['inquiry_type'] = epm.RPC_C_EP_ALL_ELTS
        request['object'] = epm.NULL
        request['Ifid'] = epm.NULL
        request['vers_option'] = epm.RPC_C_VERS_ALL
        request['entry_handle'] = handle
        request['max_ents'] = 500
        try:
            resp = dce.request(request)
        except DCERPCException as e:
            # Samba returns a non-empty handle with its last batch; the next
            # call answers ept_s_not_registered: the end of the table.
            if e.get_error_code() == EPT_S_NOT_REGISTERED:
                break
            raise
        for i in range(resp['num_ents']):
            entry = resp['entries'][i]
            tower = epm.EPMTower(b''.join(entry['tower']['tower_octet_string']))
            floors = tower['Floors']
            uuid, ver = bin_to_uuidtup(floors[0]['InterfaceUUID']
                                       + floors[0]['MajorVersion'].to_bytes(2, 'little')
                                       + floors[0]['MinorVersion'].to_bytes(2, 'little'))
            note = b''.join(entry['annotation']).rstrip(b'\x00').decode('latin-1')
            print('  lookup %3d: %s v%s %s %r' % (n, uuid.lower(), ver,
                                                  epm.PrintStringBinding(floors), note))
            n += 1
        handle = resp['entry_handle']
        if handle.isNull():
            break
    print('ept_lookup: %d entries' % n)


def main():
    host = sys.argv[1]

    # (a) the endpoint mapper on 135: one bind, two maps, the lookup listing
    rpc = transport.DCERPCTransportFactory('ncacn_ip_tcp:%s[135]' % host)
    dce = rpc.get_dce_rpc()
    dce.connect()
    dce.bind(epm.MSRPC_UUID_PORTMAP)
    drs_ports = ept_map(dce, DRSUAPI)
    ept_map(dce, NETLOGON)
    ept_lookup_all(dce)
    dce.disconnect()
    if not drs_ports:
        sys.exit('no TCP endpoint for DRSUAPI')

    # (b) the learned endpoint: connect and bind anonymously to DRSUAPI
    port = drs_ports[0]
    rpc = transport.DCERPCTransportFactory('ncacn_ip_tcp:%s[%d]' % (host, port))
    dce = rpc.get_dce_rpc()
    dce.connect()
    try:
        dce.bind(uuidtup_to_bin(DRSUAPI))
        print('bind to DRSUAPI v4.0 on port %d: accepted' % port)
    except DCERPCException as e:
        print('bind to DRSUAPI v4.0 on port %d: refused (%s)' % (port, e))
    dce.disconnect()


if __name__ == '__main__':
    main()
