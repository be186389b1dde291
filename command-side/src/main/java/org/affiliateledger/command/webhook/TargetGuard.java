package org.affiliateledger.command.webhook;

import org.affiliateledger.events.common.InvalidRequestException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The SSRF guard: webhook URLs must not reach loopback, private (RFC 1918), link-local (incl. cloud metadata at
 * 169.254.169.254), CGNAT (100.64/10), benchmarking (198.18/15), "this network" (0/8), unique-local (fc00::/7),
 * unspecified, multicast (224/4, ff00::/8) or broadcast addresses, nor IPv6 prefixes that carry an IPv4 address
 * to somewhere the guard cannot see: NAT64 (64:ff9b::/96, 64:ff9b:1::/48), 6to4 (2002::/16), Teredo (2001::/32),
 * and IPv4-mapped/compatible addresses are judged by their IPv4 address. Checked when an
 * endpoint is registered or changed, and again at connect time through {@link #dnsResolver()} — the addresses the HTTP
 * client actually connects to — so a name that later resolves somewhere private is refused too (DNS rebinding).
 * {@code allowPrivate} (LEDGER_WEBHOOKS_ALLOW_PRIVATE_TARGETS) turns the guard off for local development and tests.
 */
public final class TargetGuard {
    private final boolean allowPrivate;

    public TargetGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** @throws InvalidRequestException for a URL that is not absolute http(s), or whose host is or resolves to a refused address */
    public URI validate(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new InvalidRequestException("url is not a valid URL: " + e.getReason()).withCode("invalid_webhook_url");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new InvalidRequestException("url must be an absolute http:// or https:// URL without credentials").withCode("invalid_webhook_url");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidRequestException("url must not have a #fragment").withCode("invalid_webhook_url");
        }
        if (allowPrivate) {
            return uri;
        }
        String host = uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException unresolvable) {
            // accepted: it may resolve later, and the connect-time check still applies then
            return uri;
        }
        for (InetAddress address : addresses) {
            if (refused(address)) {
                throw new InvalidRequestException("url resolves to " + address.getHostAddress()
                        + ", a non-public address (loopback, private, link-local, CGNAT, benchmarking, multicast, broadcast, "
                        + "unique-local, or an IPv6 transition prefix such as NAT64, 6to4 or Teredo); webhooks go to public addresses only").withCode("webhook_target_refused");
            }
        }
        return uri;
    }

    /** Resolves as the system does, then refuses the whole name if any of its addresses is refused. */
    public DnsResolver dnsResolver() {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
                if (!allowPrivate) {
                    for (InetAddress address : addresses) {
                        if (refused(address)) {
                            throw new UnknownHostException(host + " resolves to " + address.getHostAddress()
                                    + ", a non-public address: refused (SSRF guard)");
                        }
                    }
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
            }
        };
    }

    static boolean refused(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                   // 0.0.0.0/8 "this network"
                    || first == 100 && (second & 0xc0) == 64      // 100.64.0.0/10 CGNAT
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0  // 192.0.0.0/24 IETF protocol assignments
                    || first == 198 && (second & 0xfe) == 18      // 198.18.0.0/15 benchmarking
                    || first >= 224;                              // 224/4 multicast, 240/4 reserved, 255.255.255.255 broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc || (b[0] & 0xff) == 0xff) { // fc00::/7 unique-local, ff00::/8 multicast
                return true;
            }
            if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                    && (allZero(b, 4, 12) || b[4] == 0 && b[5] == 1)) { // 64:ff9b::/96 NAT64, 64:ff9b:1::/48 local NAT64
                return true;
            }
            if (b[0] == 0x20 && b[1] == 0x02) {                   // 2002::/16 6to4
                return true;
            }
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) { // 2001::/32 Teredo
                return true;
            }
            boolean mapped = true;                                // ::ffff:a.b.c.d and ::a.b.c.d embed an IPv4 address
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] == 0 && b[11] == 0 || (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff)) {
                try {
                    return refused(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException impossible) {
                    return true;
                }
            }
            return (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8; // 2001:db8::/32
        }
        return true;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
