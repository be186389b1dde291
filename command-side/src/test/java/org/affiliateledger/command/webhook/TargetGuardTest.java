package org.affiliateledger.command.webhook;

import com.sun.net.httpserver.HttpServer;
import org.affiliateledger.events.common.InvalidRequestException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSRF guard: refused at registration, and at connect time after DNS. */
class TargetGuardTest {
    private final TargetGuard guard = new TargetGuard(false);

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://127.8.9.10:8080/", "http://10.1.2.3/", "http://172.16.0.9/",
            "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/", "http://100.127.255.254/",
            "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[::1]/", "http://[fe80::1]/", "http://0.0.0.0/",
            "http://[::ffff:10.0.0.1]/", "http://localhost:8080/hook"})
    void refusesNonPublicTargetsAtRegistration(String url) {
        assertThatThrownBy(() -> guard.validate(url)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("address");
    }

    /** The first and last address of each refused range, and the addresses just outside it. */
    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource({
            "0.0.0.0, true", "0.255.255.255, true", "1.0.0.0, false",
            "198.17.255.255, false", "198.18.0.0, true", "198.19.255.255, true", "198.20.0.0, false",
            "223.255.255.255, false", "224.0.0.0, true", "239.255.255.255, true", "255.255.255.255, true",
            "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff, false", "64:ff9b::, true", "64:ff9b::8.8.8.8, true",
            "64:ff9b::ffff:ffff, true", "64:ff9b::1:0:0, false", "64:ff9b:1::, true", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff, true",
            "2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff, false", "2002::, true", "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true",
            "2003::, false",
            "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff, false", "2001::, true", "2001:0:ffff:ffff:ffff:ffff:ffff:ffff, true",
            "2001:1::, false",
            "ff00::, true", "ff02::1, true", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true", "2606:4700::1111, false",
            "::ffff:198.18.0.1, true", "::ffff:224.0.0.1, true",
            "100.63.255.255, false", "100.64.0.0, true", "100.127.255.255, true", "100.128.0.0, false",
            "191.255.255.255, false", "192.0.0.0, true", "192.0.0.255, true", "192.0.1.0, false", "192.1.0.0, false",
            "100.0.0.1, false", "198.0.0.1, false", "8.8.8.8, false",
            "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, false", "fc00::, true", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true",
            "fe00::, false", "fec0::1, true",
            "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, false", "2001:db8::, true", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
            "2001:db9::, false", "2001:d00::, false", "2001:b8::, false", "2000:db8::, false", "2101:db8::, false",
            "::a00:1, true", "::808:808, false", "::1:808:808, false", "1::a00:1, false", "0:1::a00:1, false",
            "::ffff:0:a00:1, false", "64:ff9b::1:0:0:0, false", "64:ff9b:2::, false", "64:ff9b:0:0:1::, false",
            "64:ff9b:0:0:0:1::, false", "64:ff9b:0:0:0:0:1:0, true", "64:fe9b::, false", "64:ff9c::, false", "65:ff9b::, false",
            "164:ff9b::, false", "2102::, false", "2001:100::, false", "3001::, false"})
    void refusesEveryNonPublicRangeUpToItsEdges(String address, boolean refused) throws Exception {
        assertThat(TargetGuard.refused(InetAddress.getByName(address))).as(address).isEqualTo(refused);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://198.18.0.1/", "http://255.255.255.255/", "http://224.0.0.251/", "http://[64:ff9b::a00:1]/",
            "http://[2002:a00:1::]/", "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "http://[ff05::2]/"})
    void refusesTransitionPrefixesBenchmarkingMulticastAndBroadcastAtRegistration(String url) {
        assertThatThrownBy(() -> guard.validate(url)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("non-public");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/", "/relative", "http://user:pw@example.com/", "not a url"})
    void refusesWhatIsNotAnAbsoluteHttpUrl(String url) {
        assertThatThrownBy(() -> guard.validate(url)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void acceptsPublicAddresses() throws Exception {
        assertThat(guard.validate("https://93.184.215.14/hooks").getHost()).isEqualTo("93.184.215.14");
        assertThat(TargetGuard.refused(InetAddress.getByName("100.128.0.1"))).isFalse();
        assertThat(TargetGuard.refused(InetAddress.getByName("2606:4700::1111"))).isFalse();
    }

    @Test
    void theDnsHookRefusesANameThatResolvesToLoopback() {
        assertThatThrownBy(() -> guard.dnsResolver().resolve("localhost")).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("SSRF");
    }

    /** A name accepted earlier that now resolves to loopback (DNS rebinding) is refused when connecting, never reached. */
    @Test
    void theHttpClientNeverConnectsToAPrivateAddress() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int[] hits = {0};
        server.createContext("/", exchange -> {
            hits[0]++;
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try (CloseableHttpClient client = WebhookHttpClient.create(guard, 2)) {
            HttpPost post = new HttpPost("http://localhost:" + server.getAddress().getPort() + "/");
            assertThatThrownBy(() -> client.execute(post, response -> response.getCode()))
                    .isInstanceOf(UnknownHostException.class).hasMessageContaining("SSRF");
            assertThat(hits[0]).isZero();
        } finally {
            server.stop(0);
        }
        // and with the guard off (development), the same call goes through
        HttpServer open = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        open.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        open.start();
        try (CloseableHttpClient client = WebhookHttpClient.create(new TargetGuard(true), 2)) {
            int code = client.execute(new HttpPost("http://localhost:" + open.getAddress().getPort() + "/"),
                    response -> response.getCode());
            assertThat(code).isEqualTo(204);
        } finally {
            open.stop(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.215.14/hooks#part", "http://93.184.215.14/#"})
    void refusesAUrlWithAFragment(String url) {
        assertThatThrownBy(() -> guard.validate(url)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("fragment");
    }

    @Test
    void acceptsTheSchemeInAnyCaseAndSurroundingBlanks() {
        assertThat(guard.validate("  HTTPS://93.184.215.14/hooks ").toString()).isEqualTo("HTTPS://93.184.215.14/hooks");
        assertThat(guard.validate("Http://93.184.215.14/").getHost()).isEqualTo("93.184.215.14");
    }

    @Test
    void aUrlWithoutHostOrSchemeIsNotAWebhookTarget() {
        assertThatThrownBy(() -> guard.validate("http:///path")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> guard.validate("//93.184.215.14/path")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("absolute");
    }

    @Test
    void aBracketedPublicIpv6AddressIsAccepted() {
        assertThat(guard.validate("https://[2606:4700::1111]/hooks").getHost()).isEqualTo("[2606:4700::1111]");
    }

    @Test
    void withPrivateTargetsAllowedTheGuardStillRefusesWhatIsNotAWebhookUrl() {
        TargetGuard open = new TargetGuard(true);
        assertThat(open.validate("http://127.0.0.1:8080/hook").getPort()).isEqualTo(8080);
        assertThatThrownBy(() -> open.validate("ftp://127.0.0.1/")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> open.validate("http://127.0.0.1/#f")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void theDnsHookAnswersTheAddressesOfAPublicNameAndEveryAddressWhenPrivateTargetsAreAllowed() throws Exception {
        assertThat(guard.dnsResolver().resolve("93.184.215.14"))
                .containsExactly(InetAddress.getByName("93.184.215.14"));
        assertThat(new TargetGuard(true).dnsResolver().resolve("127.0.0.1"))
                .containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(guard.dnsResolver().resolveCanonicalHostname("127.0.0.1")).isNotBlank();
    }

    /** The connect-time check still applies once the name resolves, so registration does not depend on DNS being up. */
    @Test
    void aNameThatDoesNotResolveYetIsAccepted() {
        assertThat(guard.validate("https://no-such-host.invalid/hooks").getHost()).isEqualTo("no-such-host.invalid");
    }
}
