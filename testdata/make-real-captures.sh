#!/bin/bash
# make-real-captures.sh - genuine packet captures from real Debian 12 servers and
# clients, all on loopback (127.0.0.0/8 and ::1 only).
#
# Debian 12 packages needed:
#   slapd ldap-utils postfix swaks libnet-ssleay-perl dovecot-core dovecot-imapd
#   dovecot-pop3d nginx-light ngircd socat dnsmasq-base bind9-dnsutils leafnode
#   curl openssl tcpdump python3 wireshark-common (mergecap; tshark to check)
#   xrdp freerdp2-x11 xvfb (t120)
#   samba samba-dsdb-modules samba-vfs-modules samba-ad-provision python3-impacket (epm)
#   iptables (firewall)
#   (plus iproute2 for ss, and perl, both normally present)
# The ports below must be free on those addresses (no system daemon bound to
# 0.0.0.0 on them).
#
# Run as root:  bash testdata/make-real-captures.sh [server ...]
#   servers: ldap smtp imap http irc dns nntp clientports t120 epm firewall
#            (default: all of them, then sample)
#   "sample" rebuilds testdata/sample.pcapng from captures already in real/.
# Writes testdata/real/*.pcap (+ *.keys, NSS key logs for the TLS captures) and
# testdata/sample.pcapng. No systemd is used: every server is started here in
# the foreground/background, its PID remembered, and killed by PID on exit.
# Files under /etc are changed only where a daemon has no alternative
# (/etc/news/leafnode/config for leafnode); they are backed up and restored.
#
# Server addresses (distinct so the captures can be told apart):
#   127.0.0.2 slapd    389 379 390 3268 (ldap), 636 3269 (ldaps)
#   127.0.0.3 postfix  25 (smtpd + STARTTLS), 465 (smtps wrappermode), 691 (smtpd)
#   127.0.0.4 dovecot  143 993 110 995
#   127.0.0.5 nginx    80 443, and [::1]:80
#   127.0.0.6 ngircd   6667 7000, TLS on 6697 relayed from 994 by socat
#   127.0.0.7 dnsmasq  53 udp/tcp
#   127.0.0.8 leafnode 119 (socat EXEC), TLS 563 (socat OPENSSL-LISTEN -> 119)
#   127.0.0.9 nginx    445 8080 50000, reached by curl from seed ports (clientports)
#   127.0.0.10 xrdp    1503 (T.125/T.124 of RDP, standard RDP security), client xfreerdp
#   127.0.0.11 samba   135 (DCE/RPC endpoint mapper) + 49152.. (dynamic RPC), AD DC; client impacket
#   127.0.0.12 firewall: python3 http.server on 80; nothing on 3268 and 53; netfilter rejects 691 with
#              ICMP admin-prohibited and drops 389; [::1]:3269 rejected with ICMPv6 admin-prohibited
#              (iptables; the rules are removed on exit)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=$HERE/real
CLIENTS=$HERE/clients
PY=/usr/bin/python3            # Debian's python3, stdlib only (epm: + python3-impacket)
export LC_ALL=C.UTF-8
unset SSLKEYLOGFILE || true

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }

WORK=$(mktemp -d /tmp/realcap.XXXXXX)
chmod 755 "$WORK"
CAP=$WORK/cap                  # tcpdump drops to user tcpdump: it writes here
LOGDIR=${LOGDIR:-$WORK/logs}  # client output and server logs (set LOGDIR to keep them)
mkdir -p "$CAP" "$OUT" "$LOGDIR"
chown tcpdump: "$CAP"

PIDS=()                        # every background process we started
BACKUPS=()                     # "original|backup" pairs of /etc files we changed
FWRULES=()                     # "iptables|rule..." netfilter rules we inserted
CAPPID=
CAPNAME=

log() { echo "== $*" >&2; }

cleanup() {
    local rc=$? pid pair rule words
    set +e
    [ -n "$CAPPID" ] && kill -INT "$CAPPID" 2>/dev/null
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    sleep 1
    for pid in "${PIDS[@]}"; do
        kill -KILL "$pid" 2>/dev/null
    done
    for rule in "${FWRULES[@]}"; do
        read -ra words <<<"$rule"
        "${words[0]}" -D INPUT "${words[@]:1}" && log "removed ${words[0]} rule ${words[*]:1}"
    done
    for pair in "${BACKUPS[@]}"; do
        cp -p "${pair#*|}" "${pair%%|*}" && log "restored ${pair%%|*}"
    done
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# backup_etc FILE: keep a copy of FILE, restored by cleanup()
backup_etc() {
    cp -p "$1" "$WORK/$(basename "$1").orig"
    BACKUPS+=("$1|$WORK/$(basename "$1").orig")
}

# fw_rule iptables|ip6tables RULE...: insert an INPUT rule, removed by cleanup()
fw_rule() {
    "$1" -I INPUT "${@:2}"
    FWRULES+=("$*")
}

# forget_pid PID: drop PID from the list cleanup() would kill
forget_pid() {
    local keep=() p
    for p in "${PIDS[@]}"; do
        [ "$p" = "$1" ] || keep+=("$p")
    done
    PIDS=("${keep[@]}")
}

# stop_pid PID: stop one process we started, wait for it, forget it
stop_pid() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    forget_pid "$1"
}

# wait_port PROTO ADDR PORT: wait until something listens there
wait_port() {
    local opt=-lnt
    [ "$1" = udp ] && opt=-lnu
    for _ in $(seq 1 100); do
        if ss -H $opt "src $2" | awk '{print $4}' | grep -q ":$3\$"; then
            return 0
        fi
        sleep 0.1
    done
    echo "nothing listens on $1 $2:$3" >&2
    return 1
}

# mkcert NAME CN IP: self-signed RSA cert $WORK/NAME.crt + key $WORK/NAME.key
mkcert() {
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
        -keyout "$WORK/$1.key" -out "$WORK/$1.crt" -subj "/CN=$2" \
        -addext "subjectAltName=DNS:$2,IP:$3" 2>/dev/null
    chmod 644 "$WORK/$1.crt" "$WORK/$1.key"     # throw-away test key
}

# cap_start NAME FILTER: start tcpdump on lo writing real/NAME.pcap
cap_start() {
    CAPNAME=$1
    rm -f "$OUT/$1.pcap" "$OUT/$1.keys"
    tcpdump -i lo -s 0 -U -w "$CAP/$1.pcap" "$2" 2>"$WORK/tcpdump.log" &
    CAPPID=$!
    for _ in $(seq 1 50); do
        grep -q listening "$WORK/tcpdump.log" && break
        sleep 0.1
    done
    sleep 1
}

# cap_stop: stop the running tcpdump and move its file into real/
cap_stop() {
    sleep 1
    kill -INT "$CAPPID"
    wait "$CAPPID" || true
    CAPPID=
    mv "$CAP/$CAPNAME.pcap" "$OUT/$CAPNAME.pcap"
    chown root: "$OUT/$CAPNAME.pcap"
    chmod 644 "$OUT/$CAPNAME.pcap"
    [ -f "$OUT/$CAPNAME.keys" ] && chmod 644 "$OUT/$CAPNAME.keys"
    log "$CAPNAME.pcap: $(tcpdump -r "$OUT/$CAPNAME.pcap" 2>/dev/null | wc -l) packets"
}

#----------------------------------------------------------------------------
# LDAP: OpenLDAP slapd on 127.0.0.2, client ldapsearch (ldap-utils, GnuTLS)
#----------------------------------------------------------------------------
ldap() {
    local D=$WORK/slapd A=127.0.0.2
    mkdir -p "$D/db1" "$D/db2"
    mkcert ldap ldap.example.test $A
    cat >"$D/slapd.conf" <<EOF
include         /etc/ldap/schema/core.schema
include         /etc/ldap/schema/cosine.schema
include         /etc/ldap/schema/inetorgperson.schema
modulepath      /usr/lib/ldap
moduleload      back_mdb
pidfile         $D/slapd.pid
argsfile        $D/slapd.args
TLSCertificateFile    $WORK/ldap.crt
TLSCertificateKeyFile $WORK/ldap.key
access to attrs=userPassword
        by self write
        by anonymous auth
        by * none
access to *
        by * read

database        mdb
maxsize         10485760
suffix          "o=Example Org"
rootdn          "cn=admin,o=Example Org"
rootpw          secret
directory       $D/db1

database        mdb
maxsize         10485760
suffix          "dc=example,dc=test"
rootdn          "cn=admin,dc=example,dc=test"
rootpw          secret
directory       $D/db2
EOF
    # Exchange 5.5-like tree
    cat >"$D/exchange.ldif" <<'EOF'
dn: o=Example Org
objectClass: organization
o: Example Org

dn: ou=Site1,o=Example Org
objectClass: organizationalUnit
ou: Site1

dn: cn=Recipients,ou=Site1,o=Example Org
objectClass: organizationalRole
cn: Recipients
description: Exchange 5.5-like recipients container

dn: cn=alice,cn=Recipients,ou=Site1,o=Example Org
objectClass: inetOrgPerson
cn: alice
sn: Alice
uid: alice
mail: alice@example.test

dn: cn=Configuration,ou=Site1,o=Example Org
objectClass: organizationalRole
cn: Configuration

dn: cn=Servers,cn=Configuration,ou=Site1,o=Example Org
objectClass: organizationalRole
cn: Servers

dn: cn=EXCH1,cn=Servers,cn=Configuration,ou=Site1,o=Example Org
objectClass: organizationalRole
cn: EXCH1

dn: cn=Microsoft DSA,cn=EXCH1,cn=Servers,cn=Configuration,ou=Site1,o=Example Org
objectClass: organizationalRole
cn: Microsoft DSA
description: Exchange 5.5-like directory service agent
EOF
    cat >"$D/test.ldif" <<'EOF'
dn: dc=example,dc=test
objectClass: dcObject
objectClass: organization
dc: example
o: Example Test

dn: cn=admin,dc=example,dc=test
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: admin
description: LDAP administrator
userPassword: secret

dn: ou=People,dc=example,dc=test
objectClass: organizationalUnit
ou: People

dn: cn=bob,ou=People,dc=example,dc=test
objectClass: inetOrgPerson
cn: bob
sn: Bob
uid: bob
mail: bob@example.test
EOF
    slapadd -q -f "$D/slapd.conf" -b "o=Example Org" -l "$D/exchange.ldif"
    slapadd -q -f "$D/slapd.conf" -b "dc=example,dc=test" -l "$D/test.ldif"
    slapd -d 0 -f "$D/slapd.conf" \
        -h "ldap://$A:389/ ldap://$A:379/ ldap://$A:390/ ldap://$A:3268/ ldaps://$A:636/ ldaps://$A:3269/" \
        2>"$LOGDIR/slapd.log" &
    local pid=$!
    PIDS+=("$pid")
    for p in 389 379 390 3268 636 3269; do wait_port tcp $A $p; done

    cap_start ldap-389-dirsync "host $A and port 389"
    ldapsearch -x -H ldap://$A:389 -b "dc=example,dc=test" -E '!dirSync=0/0' \
        "(objectClass=*)" >"$LOGDIR/$CAPNAME.out" 2>&1 || true
    cap_stop

    cap_start ldap-389-simple-bind "host $A and port 389"
    ldapsearch -x -H ldap://$A:389 -D "cn=admin,dc=example,dc=test" -w secret \
        -b "dc=example,dc=test" "(objectClass=person)" cn >"$LOGDIR/$CAPNAME.out" 2>&1 || true
    cap_stop

    cap_start ldap-379-srs-usn "host $A and port 379"
    ldapsearch -x -H ldap://$A:379 -D "cn=admin,o=Example Org" -w secret \
        -b "cn=Recipients,ou=Site1,o=Example Org" "(USN-Changed>=1080)" \
        msExchServer1HighestUSN cn >"$LOGDIR/$CAPNAME.out" 2>&1 || true
    cap_stop

    cap_start ldap-390-anon "host $A and port 390"
    ldapsearch -x -H ldap://$A:390 -b "cn=Configuration,ou=Site1,o=Example Org" \
        "(cn=Microsoft DSA)" >"$LOGDIR/$CAPNAME.out" 2>&1 || true
    cap_stop

    cap_start ldap-3268-gc "host $A and port 3268"
    ldapsearch -x -H ldap://$A:3268 -b "" -s sub "(objectClass=person)" cn \
        >"$LOGDIR/$CAPNAME.out" 2>&1 || true
    cap_stop

    cap_start ldap-636-ssl "host $A and port 636"
    LDAPTLS_REQCERT=never SSLKEYLOGFILE=$OUT/$CAPNAME.keys \
        ldapsearch -x -H ldaps://$A:636 -D "cn=admin,dc=example,dc=test" -w secret \
        -b "dc=example,dc=test" "(cn=admin)" >"$LOGDIR/$CAPNAME.out" 2>&1 || true
    cap_stop

    cap_start ldap-3269-gc-ssl "host $A and port 3269"
    LDAPTLS_REQCERT=never SSLKEYLOGFILE=$OUT/$CAPNAME.keys \
        ldapsearch -x -H ldaps://$A:3269 -D "cn=admin,dc=example,dc=test" -w secret \
        -b "" -s sub "(objectClass=person)" cn >"$LOGDIR/$CAPNAME.out" 2>&1 || true
    cap_stop

    cap_start ldap-389-starttls "host $A and port 389"
    LDAPTLS_REQCERT=never SSLKEYLOGFILE=$OUT/$CAPNAME.keys \
        ldapsearch -x -ZZ -H ldap://$A:389 -b "dc=example,dc=test" "(cn=admin)" \
        >"$LOGDIR/$CAPNAME.out" 2>&1 || true
    cap_stop

    stop_pid "$pid"
}

#----------------------------------------------------------------------------
# SMTP: Postfix on 127.0.0.3 (private config directory, postfix -c DIR)
#----------------------------------------------------------------------------
smtp() {
    local D=$WORK/postfix A=127.0.0.3
    mkdir -p "$D/etc" "$D/spool" "$D/lib"
    chown postfix: "$D/lib"
    mkcert smtp mail.example.test $A
    # inet_interfaces must name an address of an interface (only 127.0.0.1 is
    # configured on lo), so the listeners name 127.0.0.3 in master.cf instead.
    cat >"$D/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $D/spool
data_directory = $D/lib
maillog_file = /dev/stdout
myhostname = mail.example.test
mydomain = example.test
myorigin = \$mydomain
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
relay_domains = example.test
relay_recipient_maps =
transport_maps = inline:{ example.test=discard: }
alias_maps =
alias_database =
biff = no
smtpd_tls_cert_file = $WORK/smtp.crt
smtpd_tls_key_file = $WORK/smtp.key
smtpd_tls_security_level = may
EOF
    cat >"$D/etc/master.cf" <<EOF
# service type  private unpriv  chroot  wakeup  maxproc command + args
$A:smtp   inet  n       -       n       -       -       smtpd
$A:465    inet  n       -       n       -       -       smtpd
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
$A:691    inet  n       -       n       -       -       smtpd
  -o smtpd_tls_security_level=none
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
    postfix -c "$D/etc" start-fg >"$LOGDIR/postfix.log" 2>&1 &
    local pid=$! master
    PIDS+=("$pid")
    for p in 25 465 691; do wait_port tcp $A $p; done
    for _ in $(seq 1 50); do
        [ -s "$D/spool/pid/master.pid" ] && break
        sleep 0.1
    done
    master=$(tr -d ' ' <"$D/spool/pid/master.pid")   # start-fg runs master as a child
    PIDS+=("$master")

    cap_start smtp-25-session "host $A and port 25"
    swaks --server $A:25 --from alice@example.test --to bob@example.test \
        --ehlo client.example.test >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    cap_start smtp-25-xlink2state "host $A and port 25"
    $PY "$CLIENTS/smtp_lines.py" $A 25 \
        'EHLO bridgehead.example.test' \
        'X-LINK2STATE FIRST CHUNK={00000010} (d38082e7c9ecd7)' \
        'X-LSA-2 LAST CHUNK=done' \
        'QUIT' >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    cap_start smtp-691-xlsa "host $A and port 691"
    $PY "$CLIENTS/smtp_lines.py" $A 691 \
        'EHLO rgmember.example.test' \
        'X-LSA-2 FIRST CHUNK={00000004} abcd' \
        'QUIT' >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    # swaks cannot write a key log itself: SslKeylog.pm hooks Net::SSLeay.
    cap_start smtp-25-starttls "host $A and port 25"
    SSLKEYLOGFILE=$OUT/$CAPNAME.keys perl -I "$CLIENTS" -MSslKeylog /usr/bin/swaks \
        --server $A:25 --tls --from alice@example.test --to bob@example.test \
        --ehlo client.example.test >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    cap_start smtps-465 "host $A and port 465"
    # the URL path sets curl's EHLO name (default: this machine's host name)
    SSLKEYLOGFILE=$OUT/$CAPNAME.keys curl -sS -k --ssl-reqd smtps://$A:465/client.example.test \
        --mail-from alice@example.test --mail-rcpt bob@example.test \
        -T - <<<$'Subject: t\r\n\r\nhi\r\n' >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    kill "$master"
    wait "$pid" || true         # the start-fg wrapper ends when master has
    forget_pid "$master"
    forget_pid "$pid"
}

#----------------------------------------------------------------------------
# IMAP/POP3: Dovecot on 127.0.0.4, client curl
#----------------------------------------------------------------------------
imap() {
    local D=$WORK/dovecot A=127.0.0.4
    mkdir -p "$D/run" "$D/state" "$D/home/alice/Maildir/"{new,cur,tmp}
    mkcert mail mail.example.test $A
    # one message in alice's INBOX so LIST/STATUS have something to show
    cat >"$D/home/alice/Maildir/new/1700000000.M1P1.mail.example.test" <<'EOF'
From: bob@example.test
To: alice@example.test
Subject: hello
Date: Tue, 14 Nov 2023 22:13:20 +0000
Message-ID: <1@example.test>

Hello Alice.
EOF
    chown -R nobody:nogroup "$D/home"
    cat >"$D/dovecot.conf" <<EOF
protocols = imap pop3
listen = $A
base_dir = $D/run
state_dir = $D/state
instance_name = dovecot-captures
log_path = /dev/stderr
ssl = yes
ssl_cert = <$WORK/mail.crt
ssl_key = <$WORK/mail.key
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
passdb {
  driver = static
  args = password=pass
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$D/home/%u
}
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 993
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 995
    ssl = yes
  }
}
EOF
    dovecot -F -c "$D/dovecot.conf" 2>"$LOGDIR/dovecot.log" &
    local pid=$!
    PIDS+=("$pid")
    for p in 143 993 110 995; do wait_port tcp $A $p; done

    cap_start imap-143 "host $A and port 143"
    curl -sS -u alice:pass imap://$A/ >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    cap_start imaps-993 "host $A and port 993"
    SSLKEYLOGFILE=$OUT/$CAPNAME.keys curl -sS -k -u alice:pass imaps://$A/ \
        >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    cap_start pop3-110 "host $A and port 110"
    curl -sS -u alice:pass pop3://$A/ >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    cap_start pop3s-995 "host $A and port 995"
    SSLKEYLOGFILE=$OUT/$CAPNAME.keys curl -sS -k -u alice:pass pop3s://$A/ \
        >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    # the offered STARTTLS taken before the login (curl --ssl-reqd)
    cap_start imap-143-starttls "host $A and port 143"
    SSLKEYLOGFILE=$OUT/$CAPNAME.keys curl -sS -k --ssl-reqd -u alice:pass imap://$A/ \
        >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    stop_pid "$pid"
}

#----------------------------------------------------------------------------
# HTTP: nginx-light on 127.0.0.5 (80, 443) and [::1]:80, client curl
#----------------------------------------------------------------------------
http() {
    local D=$WORK/nginx A=127.0.0.5
    mkdir -p "$D/html" "$D/tmp"
    mkcert www www.example.test $A
    printf 'Hello from nginx on 127.0.0.5\n' >"$D/html/index.html"
    chmod -R a+rX "$D"
    cat >"$D/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $D/nginx.pid;
error_log $LOGDIR/nginx-error.log;
events {
    worker_connections 64;
}
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $LOGDIR/nginx-access.log;
    client_body_temp_path $D/tmp/body;
    proxy_temp_path $D/tmp/proxy;
    fastcgi_temp_path $D/tmp/fastcgi;
    uwsgi_temp_path $D/tmp/uwsgi;
    scgi_temp_path $D/tmp/scgi;
    server {
        listen $A:80;
        listen [::1]:80;
        listen $A:443 ssl;
        server_name www.example.test;
        ssl_certificate $WORK/www.crt;
        ssl_certificate_key $WORK/www.key;
        root $D/html;
        location /exchange/ {
            auth_basic "Outlook Web Access";
            auth_basic_user_file $D/htpasswd;
        }
    }
}
EOF
    printf 'alice:%s\n' "$(openssl passwd -apr1 secret)" >"$D/htpasswd"
    mkdir -p "$D/html/exchange/alice"
    printf 'Inbox of alice\n' >"$D/html/exchange/alice/index.html"
    chmod -R a+rX "$D"
    nginx -c "$D/nginx.conf" -e "$LOGDIR/nginx-error.log" 2>"$LOGDIR/nginx-stderr.log" &
    local pid=$!
    PIDS+=("$pid")
    wait_port tcp $A 80
    wait_port tcp $A 443
    wait_port tcp '[::1]' 80

    cap_start http-80 "host $A and port 80"
    curl -sS http://$A/ >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    cap_start https-443 "host $A and port 443"
    SSLKEYLOGFILE=$OUT/$CAPNAME.keys curl -sS -k https://$A/ >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    cap_start http-80-ipv6 "ip6 and port 80"
    curl -sS 'http://[::1]/' >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    cap_start http-80-rvp-subscribe "host $A and port 80"
    curl -sS -X SUBSCRIBE -H 'RVP-Notifications-Version: 0.2' \
        -H 'Notification-Type: pragma/notify' -H 'Call-Back: http://127.0.0.1:48401' \
        -H 'Subscription-Lifetime: 14000' http://$A/instmsg/aliases/alice \
        >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    # Outlook Web Access's path behind HTTP Basic: the password in the clear
    cap_start http-80-basic "host $A and port 80"
    curl -sS -u alice:secret http://$A/exchange/alice/ >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    stop_pid "$pid"
}

#----------------------------------------------------------------------------
# IRC: ngIRCd on 127.0.0.6 (6667, 7000; TLS on 6697 relayed from 994 by socat)
#----------------------------------------------------------------------------
irc() {
    local D=$WORK/ngircd A=127.0.0.6
    mkdir -p "$D"
    mkcert irc irc.example.test $A
    chown irc: "$D"
    cat >"$D/ngircd.conf" <<EOF
[Global]
    Name = irc.example.test
    Info = ngIRCd on 127.0.0.6 for packet captures
    AdminInfo1 = Example Test
    AdminInfo2 = Loopback
    AdminEMail = admin@example.test
    Listen = $A
    Ports = 6667, 7000
    MotdPhrase = Welcome to irc.example.test
    PidFile = $D/ngircd.pid
    ServerUID = irc
    ServerGID = irc
[Options]
    DNS = no
    Ident = no
    PAM = no
[SSL]
    CertFile = $WORK/irc.crt
    KeyFile = $WORK/irc.key
    Ports = 6697
EOF
    ngircd -n -f "$D/ngircd.conf" >"$LOGDIR/ngircd.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    # ngIRCd drops root before it could bind 994: relay 994 -> 6697 with socat
    socat TCP-LISTEN:994,bind=$A,reuseaddr,fork TCP:$A:6697 2>>"$LOGDIR/socat-irc.log" &
    local relay=$!
    PIDS+=("$relay")
    for p in 6667 7000 6697 994; do wait_port tcp $A $p; done

    cap_start irc-6667 "host $A and port 6667"
    $PY "$CLIENTS/irc_client.py" $A 6667 >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    cap_start irc-7000 "host $A and port 7000"
    $PY "$CLIENTS/irc_client.py" $A 7000 >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    cap_start ircs-994 "host $A and port 994"
    $PY "$CLIENTS/irc_client.py" $A 994 --tls "$OUT/$CAPNAME.keys" >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    stop_pid "$relay"
    stop_pid "$pid"
}

#----------------------------------------------------------------------------
# DNS: dnsmasq on 127.0.0.7:53 (udp + tcp), client dig
#----------------------------------------------------------------------------
dns() {
    local A=127.0.0.7
    dnsmasq -k --conf-file=/dev/null --port=53 --listen-address=$A --bind-interfaces \
        --no-resolv --no-hosts --pid-file="$WORK/dnsmasq.pid" --user=nobody \
        --log-queries --log-facility=- \
        --srv-host=_gc._tcp.example.test,dc1.example.test,3268 \
        --srv-host=_ldap._tcp.example.test,dc1.example.test,389 \
        --host-record=dc1.example.test,127.0.0.2 \
        --local=/example.test/ --server=/broken.test/127.0.0.99#53 \
        >"$LOGDIR/dnsmasq.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_port udp $A 53
    wait_port tcp $A 53

    cap_start dns-53-udp "host $A and port 53"
    dig @$A _gc._tcp.example.test SRV >"$LOGDIR/$CAPNAME.out" 2>&1
    dig @$A dc1.example.test A >>"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    cap_start dns-53-tcp "host $A and port 53"
    dig +tcp @$A _ldap._tcp.example.test SRV >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    # locator lookups that fail: a name example.test does not have (NXDOMAIN), a
    # domain dnsmasq does not serve (REFUSED), one it forwards to an upstream
    # that is down (dnsmasq's query meets an ICMP port unreachable, dig's is
    # never answered); a plain name that does not exist; one that works
    cap_start dns-53-failures "host $A and (port 53 or icmp)"
    dig @$A +tries=1 +time=3 _ldap._tcp.dc._msdcs.example.test SRV >"$LOGDIR/$CAPNAME.out" 2>&1
    dig @$A +tries=1 +time=3 _kerberos._tcp.other.test SRV >>"$LOGDIR/$CAPNAME.out" 2>&1
    dig @$A +tries=1 +time=3 _gc._tcp.broken.test SRV >>"$LOGDIR/$CAPNAME.out" 2>&1 || true
    dig @$A +tries=1 +time=3 www.example.test A >>"$LOGDIR/$CAPNAME.out" 2>&1
    dig @$A +tries=1 +time=3 _gc._tcp.example.test SRV >>"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    stop_pid "$pid"
}

#----------------------------------------------------------------------------
# NNTP: leafnode on 127.0.0.8:119 (inetd-style, socat EXEC), TLS on 563 by
# socat OPENSSL-LISTEN relaying to 119; client Python nntplib
#----------------------------------------------------------------------------
nntp() {
    local A=127.0.0.8 CONF=/etc/news/leafnode/config
    mkcert news news.home.arpa $A
    # leafnode reads only /etc/news/leafnode/config and insists on a globally
    # unique-looking FQDN: it rejects *.test, *.example, example.com/.net/.org,
    # .local, .localhost, .invalid, .site; home.arpa passes.
    backup_etc "$CONF"
    { cat "$WORK/config.orig"; echo "hostname = news.home.arpa"; } >"$CONF"
    chown root:news "$CONF"
    chmod 640 "$CONF"
    socat TCP-LISTEN:119,bind=$A,reuseaddr,fork EXEC:/usr/sbin/leafnode,su=news,nofork \
        2>>"$LOGDIR/socat-nntp.log" &
    local relay119=$!
    PIDS+=("$relay119")
    socat "OPENSSL-LISTEN:563,bind=$A,reuseaddr,fork,cert=$WORK/news.crt,key=$WORK/news.key,verify=0" \
        TCP:$A:119 2>>"$LOGDIR/socat-nntps.log" &
    local relay563=$!
    PIDS+=("$relay563")
    wait_port tcp $A 119
    wait_port tcp $A 563

    cap_start nntp-119 "host $A and port 119"
    $PY "$CLIENTS/nntp_client.py" $A 119 >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    cap_start nntps-563 "host $A and port 563"
    $PY "$CLIENTS/nntp_client.py" $A 563 --tls "$OUT/$CAPNAME.keys" >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    stop_pid "$relay563"
    stop_pid "$relay119"
}

#----------------------------------------------------------------------------
# Client ports: curl takes its source port from the seed's ports inside the
# Windows client range (1025-5000) towards services on ports without a role
# (nginx on 127.0.0.9: 445, 8080, 50000). The seed port is only the client's.
#----------------------------------------------------------------------------
clientports() {
    local D=$WORK/nginx-cp A=127.0.0.9 port pair
    mkdir -p "$D/html" "$D/tmp"
    printf 'Hello from nginx on 127.0.0.9\n' >"$D/html/index.html"
    chmod -R a+rX "$D"
    cat >"$D/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $D/nginx.pid;
error_log $LOGDIR/nginx-cp-error.log;
events {
    worker_connections 64;
}
http {
    access_log $LOGDIR/nginx-cp-access.log;
    client_body_temp_path $D/tmp/body;
    proxy_temp_path $D/tmp/proxy;
    fastcgi_temp_path $D/tmp/fastcgi;
    uwsgi_temp_path $D/tmp/uwsgi;
    scgi_temp_path $D/tmp/scgi;
    server {
        listen $A:445;
        listen $A:8080;
        listen $A:50000;
        root $D/html;
    }
}
EOF
    nginx -c "$D/nginx.conf" -e "$LOGDIR/nginx-cp-error.log" 2>"$LOGDIR/nginx-cp-stderr.log" &
    local pid=$!
    PIDS+=("$pid")
    for port in 445 8080 50000; do
        wait_port tcp $A $port
    done

    cap_start client-ports "host $A"
    for pair in 3268:445 3269:8080 1503:445 1720:8080 1731:50000; do
        curl -sS --local-port "${pair%%:*}" "http://$A:${pair#*:}/" >>"$LOGDIR/$CAPNAME.out" 2>&1
        sleep 0.2
    done
    cap_stop

    stop_pid "$pid"
}

#----------------------------------------------------------------------------
# T.120 on 1503: xrdp speaks TPKT / X.224 / T.125 MCS / T.124 GCC, the stack of
# NetMeeting's T.120 (with RDP's data inside, not NetMeeting's). Standard RDP
# security (security_layer=rdp) keeps the MCS connect PDUs out of TLS;
# xfreerdp needs an X display, given by Xvfb.
#----------------------------------------------------------------------------
t120() {
    local D=$WORK/xrdp A=127.0.0.10 xrdp_pid xvfb_pid
    mkdir -p "$D"
    sed -e "s|^port=3389|port=tcp://$A:1503|" -e 's/^security_layer=negotiate/security_layer=rdp/' \
        -e 's/^crypt_level=high/crypt_level=low/' /etc/xrdp/xrdp.ini >"$D/xrdp.ini"
    xrdp --nodaemon -c "$D/xrdp.ini" >"$LOGDIR/xrdp.log" 2>&1 &
    xrdp_pid=$!
    PIDS+=("$xrdp_pid")
    Xvfb :77 -screen 0 800x600x24 -nolisten tcp >"$LOGDIR/xvfb.log" 2>&1 &
    xvfb_pid=$!
    PIDS+=("$xvfb_pid")
    wait_port tcp $A 1503

    cap_start t120-1503 "host $A and tcp port 1503"
    DISPLAY=:77 timeout 10 xfreerdp /v:$A:1503 /sec:rdp /cert:ignore /u:alice /p:secret \
        >"$LOGDIR/$CAPNAME.out" 2>&1 || true      # ends when the login screen's session is dropped
    cap_stop

    stop_pid "$xvfb_pid"
    stop_pid "$xrdp_pid"
}

#----------------------------------------------------------------------------
# EPM: Samba as an Active Directory DC on 127.0.0.11 answers the DCE/RPC
# endpoint mapper on 135; impacket (clients/epm_client.py) asks it where
# DRSUAPI and NETLOGON live (ept_map) and for the whole table (ept_lookup),
# then connects to the TCP port the DRSUAPI map returned and binds there.
# A throw-away domain EXAMPLE.TEST is provisioned under $WORK: an empty
# --configfile keeps /etc/samba/smb.conf out of it, and every path Samba
# would otherwise put under /run, /var/lib or /var/log points into $WORK.
# 127.0.0.11 is no address of lo: "interfaces = 127.0.0.11" alone finds no
# interface, "127.0.0.11/8" makes Samba bind that address. Only the services
# that answer a client run (no NetBIOS, WINS, replication, NTP signing, DNS
# updates, and no winbindd, which is not installed).
#----------------------------------------------------------------------------
epm() {
    local D=$WORK/samba A=127.0.0.11 samba_pid smbdlog=/var/log/samba/log.smbd had_smbdlog=
    [ -e "$smbdlog" ] && had_smbdlog=1
    mkdir -p "$D/run" "$D/ncalrpc" "$D/ntp_signd"
    : >"$WORK/samba-empty.conf"
    samba-tool domain provision --configfile="$WORK/samba-empty.conf" --targetdir="$D" \
        --use-rfc2307 --realm=EXAMPLE.TEST --domain=EXAMPLE --host-name=dc1 \
        --server-role=dc --dns-backend=NONE --adminpass='Secret.2026' \
        --option="interfaces=$A/8" --option="bind interfaces only=yes" \
        --option="server services=s3fs rpc ldap cldap kdc" \
        --option="pid directory=$D/run" --option="ncalrpc dir=$D/ncalrpc" \
        --option="ntp signd socket directory=$D/ntp_signd" \
        --option="log file=$LOGDIR/samba.log.%m" \
        >"$LOGDIR/samba-provision.log" 2>&1
    samba -i -s "$D/etc/smb.conf" >"$LOGDIR/samba.log" 2>&1 &
    samba_pid=$!
    PIDS+=("$samba_pid")
    wait_port tcp $A 135 || wait_port tcp $A 135     # first start: up to 20 s

    cap_start epm-135-samba "host $A and tcp"
    $PY "$CLIENTS/epm_client.py" $A >"$LOGDIR/$CAPNAME.out" 2>&1
    cap_stop

    stop_pid "$samba_pid"                # SIGTERM: samba stops its children
    # smbd opens its default log (empty) before it reads smb.conf's "log file"
    [ -n "$had_smbdlog" ] || [ -s "$smbdlog" ] || rm -f "$smbdlog"
}

#----------------------------------------------------------------------------
# sample.pcapng: a few of the real captures merged, for a demo
#----------------------------------------------------------------------------
#----------------------------------------------------------------------------
# What a firewall does to Exchange ports, from the Linux kernel and netfilter:
# an open port (python3 http.server on 80), a closed one (3268: the kernel's
# RST), one rejected with ICMP admin-prohibited (691), one dropped (389: the
# SYN is retransmitted), a UDP port with nothing behind it (53: the kernel's
# ICMP port unreachable), and an IPv6 one rejected with ICMPv6
# admin-prohibited ([::1]:3269). Clients: curl, ldapsearch, swaks, dig.
#----------------------------------------------------------------------------
firewall() {
    local A=127.0.0.12 D=$WORK/www http_pid
    mkdir -p "$D"
    printf 'Outlook Web Access is elsewhere\n' >"$D/index.html"
    chmod -R a+rX "$D"
    $PY -m http.server 80 --bind $A --directory "$D" >"$LOGDIR/http-server.log" 2>&1 &
    http_pid=$!
    PIDS+=("$http_pid")
    wait_port tcp $A 80
    fw_rule iptables -d $A -p tcp --dport 691 -j REJECT --reject-with icmp-admin-prohibited
    fw_rule iptables -d $A -p tcp --dport 389 -j DROP
    fw_rule ip6tables -d ::1 -p tcp --dport 3269 -j REJECT --reject-with icmp6-adm-prohibited

    cap_start firewall-127.0.0.12 "host $A or (ip6 and (tcp port 3269 or icmp6))"
    curl -sS -o /dev/null "http://$A/" >"$LOGDIR/$CAPNAME.out" 2>&1
    ldapsearch -x -H "ldap://$A:3268" -b "" -s base >>"$LOGDIR/$CAPNAME.out" 2>&1 || true
    swaks --server $A --port 691 --to a@example.test --timeout 5 >>"$LOGDIR/$CAPNAME.out" 2>&1 || true
    ldapsearch -x -H "ldap://$A:389" -o nettimeout=2 -b "" -s base >>"$LOGDIR/$CAPNAME.out" 2>&1 || true
    dig @$A +tries=1 +time=2 _ldap._tcp.example.test SRV >>"$LOGDIR/$CAPNAME.out" 2>&1 || true
    ldapsearch -x -H "ldaps://[::1]:3269" -b "" -s base >>"$LOGDIR/$CAPNAME.out" 2>&1 || true
    cap_stop
    stop_pid "$http_pid"
}

sample() {
    local n files=()
    for n in ldap-3268-gc ldap-379-srs-usn smtp-25-session imap-143 http-80 dns-53-udp irc-7000; do
        files+=("$OUT/$n.pcap")
    done
    mergecap -F pcapng -w "$HERE/sample.pcapng" "${files[@]}"
    chmod 644 "$HERE/sample.pcapng"
    log "sample.pcapng: merged ${#files[@]} captures"
}

#----------------------------------------------------------------------------
main() {
    local what=("$@")
    [ ${#what[@]} -eq 0 ] && what=(ldap smtp imap http irc dns nntp clientports t120 epm firewall sample)
    for s in "${what[@]}"; do
        log "server: $s"
        "$s"
    done
}
main "$@"
