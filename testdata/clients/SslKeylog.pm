# SslKeylog.pm - make a Net::SSLeay client (such as swaks) write an NSS key log.
#
#   SSLKEYLOGFILE=/path/keys perl -I testdata/clients -MSslKeylog /usr/bin/swaks ...
#
# swaks itself cannot write a key log, and OpenSSL 3.0 does not read
# SSLKEYLOGFILE. When the client loads Net::SSLeay (swaks does so at run time,
# `eval "use Net::SSLeay"`), this wraps Net::SSLeay::CTX_new so that every new
# context gets OpenSSL's keylog callback (SSL_CTX_set_keylog_callback, via
# Net::SSLeay >= 1.90), which appends the NSS key log lines to $SSLKEYLOGFILE.
# Nothing else about the client's TLS is changed.
package SslKeylog;
use strict;
use warnings;

sub install {
    my $orig = \&Net::SSLeay::CTX_new;
    no warnings qw(redefine prototype);
    *Net::SSLeay::CTX_new = sub {
        my $ctx = $orig->(@_);
        my $file = $ENV{SSLKEYLOGFILE};
        if ($ctx && $file) {
            Net::SSLeay::CTX_set_keylog_callback($ctx, sub {
                my (undef, $line) = @_;
                open(my $fh, '>>', $file) or return;
                print $fh "$line\n";
                close($fh);
            });
        }
        return $ctx;
    };
}

# @INC hook: load the real Net::SSLeay on first use, then wrap CTX_new.
my $hook;
$hook = sub {
    my (undef, $file) = @_;
    return unless $file eq 'Net/SSLeay.pm';
    @INC = grep { !(ref $_ && $_ == $hook) } @INC;
    require Net::SSLeay;
    install();
    open(my $fh, '<', \"1;\n") or die;
    return $fh;
};
unshift @INC, $hook;
1;
