package dev.flexsdk.tests

import dev.flexsdk.ClientOptions
import dev.flexsdk.ConnectionState
import dev.flexsdk.FlexClient
import dev.flexsdk.FlexEvent
import dev.flexsdk.RenewalState
import dev.flexsdk.SessionOptions
import dev.flexsdk.Secret
import dev.flexsdk.createClient
import dev.flexsdk.events
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * Automatic token renewal (docs/api-auth.md, Session): refreshes while events and calls keep
 * working, the maximum session lifetime, a failing refresh that recovers, a refused refresh that
 * stops renewal until a new sign-in, an app restarted from the tokens it persisted after a renewal.
 * Each test starts an emulator whose SSO tokens live a few seconds.
 */
class SessionTest {
    private fun Emulator.renewing(refreshToken: Secret, marginMs: Long): ClientOptions = options().copy(
        tokenExpiryWarningMs = 1000uL,
        session = SessionOptions(
            autoUpdateToken = true,
            refreshToken = refreshToken,
            ssoProfileSid = ssoProfileSid,
            refreshMarginMs = marginMs.toULong(),
            checkIntervalMs = 500uL,
        ),
    )

    @Test
    fun `the token is renewed at least twice while events and calls keep working`() = runBlocking<Unit> {
        Emulator("--sso-token-ttl-secs", "5").use { emu ->
            val tokens = emu.signIn()
            createClient(tokens.accessToken.reveal(), emu.renewing(tokens.refreshToken, marginMs = 3000)).use { client ->
                Recorder(client).use { recorder ->
                    val firstExpiry = client.tokenInfo().expiresAt
                    val activities = listOf(emu.activity("available"), emu.activity("break"))
                    var changes = 0
                    // Past the first token's expiry, with two renewals seen.
                    while (System.currentTimeMillis() < firstExpiry * 1000 + 500 ||
                        recorder.events.count { it is FlexEvent.TokenUpdated } < 2
                    ) {
                        assertTrue(changes < 60, "no renewals: ${recorder.kinds()}")
                        client.setCurrentActivity(activities[changes % 2], false)
                        changes++
                        delay(250)
                    }
                    val last = if (changes % 2 == 1) "Available" else "Break"
                    recorder.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == last && recorder.events.count { e -> e is FlexEvent.WorkerActivityUpdated } >= changes }
                    assertEquals(changes, recorder.events.count { it is FlexEvent.WorkerActivityUpdated }, "every change was seen")
                    assertTrue(client.tokenInfo().expiresAt > firstExpiry)
                    val bad = recorder.kinds().filter { it in setOf("TokenExpired", "TokenAutoUpdateFailed", "ConnectionStateChanged") }
                    assertEquals(emptyList<String>(), bad, "the socket stays open: ${recorder.kinds()}")
                    assertEquals(ConnectionState.CONNECTED, client.connectionState())
                    assertEquals(emu.user().string("identity"), client.tokenInfo().identity)
                }
            }
        }
    }

    @Test
    fun `the session reaches its maximum lifetime`() = runBlocking<Unit> {
        Emulator("--sso-token-ttl-secs", "4", "--max-session-lifetime-secs", "6").use { emu ->
            val tokens = emu.signIn()
            createClient(tokens.accessToken.reveal(), emu.renewing(tokens.refreshToken, marginMs = 3000)).use { client ->
                Recorder(client).use { recorder ->
                    val reached = recorder.await<FlexEvent.TokenMaxLifetimeReached>(15_000)
                    assertEquals(client.tokenInfo().expiresAt, reached.expiresAt)
                    val kinds = recorder.kinds()
                    assertTrue(kinds.indexOf("TokenUpdated") in 0 until kinds.indexOf("TokenMaxLifetimeReached"), "$kinds")
                    assertEquals(1, kinds.count { it == "TokenMaxLifetimeReached" })
                }
            }
        }
    }

    @Test
    fun `a refresh failing with 503 is reported, retried, and recovers`() = runBlocking<Unit> {
        Emulator("--sso-token-ttl-secs", "10").use { emu ->
            val tokens = emu.signIn()
            // 503 is retried by the HTTP layer (3 attempts): three make one failed renewal.
            emu.failRefresh(3, 503)
            // A 9 s margin on a 10 s token: the first renewal is due at once.
            createClient(tokens.accessToken.reveal(), emu.renewing(tokens.refreshToken, marginMs = 9000)).use { client ->
                Recorder(client).use { recorder ->
                    val failed = recorder.await<FlexEvent.TokenAutoUpdateFailed>()
                    assertFalse(failed.terminal, "a 503 may pass: $failed")
                    assertNotNull(failed.retryInMs, "a retry is scheduled: $failed")
                    assertEquals(503.toUShort(), failed.error.httpStatus)
                    // Retrying, or (the retry is due in 500 ms) already renewed.
                    assertTrue(client.renewalState() in setOf(RenewalState.RETRYING, RenewalState.ACTIVE), "${client.renewalState()}")
                    // Calls work with the current token while renewal is failing.
                    client.setCurrentActivity(emu.activity("available"), false)
                    recorder.await<FlexEvent.TokenUpdated>(15_000)
                    val renewal = recorder.kinds().filter { it == "TokenUpdated" || it == "TokenAutoUpdateFailed" }
                    assertEquals(listOf("TokenAutoUpdateFailed", "TokenUpdated"), renewal.take(2))
                    client.awaitRenewal(RenewalState.ACTIVE)
                    client.setCurrentActivity(emu.activity("break"), false)
                    recorder.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Break" }
                    assertEquals(ConnectionState.CONNECTED, client.connectionState())
                }
            }
        }
    }

    @Test
    fun `a refresh refused with 400 stops renewal until a new sign-in's tokens are installed`() = runBlocking<Unit> {
        Emulator("--sso-token-ttl-secs", "10").use { emu ->
            val tokens = emu.signIn()
            emu.failRefresh(1, 400)
            createClient(tokens.accessToken.reveal(), emu.renewing(tokens.refreshToken, marginMs = 9000)).use { client ->
                Recorder(client).use { recorder ->
                    val failed = recorder.await<FlexEvent.TokenAutoUpdateFailed>()
                    assertTrue(failed.terminal, "a refused refresh token cannot be retried: $failed")
                    assertNull(failed.retryInMs)
                    assertEquals(400.toUShort(), failed.error.httpStatus)
                    assertEquals(RenewalState.STOPPED, client.renewalState())

                    // Nothing is retried: no other attempt while renewal is stopped (the check runs every 500 ms).
                    delay(1500)
                    val renewal = { recorder.kinds().filter { it == "TokenUpdated" || it == "TokenAutoUpdateFailed" } }
                    assertEquals(listOf("TokenAutoUpdateFailed"), renewal())
                    assertEquals(RenewalState.STOPPED, client.renewalState())
                    // The token in use still works.
                    client.setCurrentActivity(emu.activity("available"), false)
                    recorder.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Available" }

                    // The user signs in again; the new tokens resume renewal.
                    val again = emu.signIn()
                    client.updateToken(again.accessToken.reveal(), again.refreshToken.reveal())
                    client.awaitRenewal(RenewalState.ACTIVE)
                    assertEquals(again.accessToken.reveal(), client.token().accessToken.reveal())
                    // The automatic renewal after it: a TokenUpdated with another token than the one installed.
                    val renewed = recorder.until("a renewal after updateToken", 15_000) { events ->
                        events.filterIsInstance<FlexEvent.TokenUpdated>().firstOrNull { it.tokens.accessToken.reveal() != again.accessToken.reveal() }
                    }
                    assertNotEquals(again.refreshToken.reveal(), renewed.tokens.refreshToken?.reveal(), "the refresh token rotated")
                    assertEquals(1, recorder.kinds().count { it == "TokenAutoUpdateFailed" }, "${recorder.kinds()}")
                    assertEquals(RenewalState.ACTIVE, client.renewalState())
                    client.setCurrentActivity(emu.activity("break"), false)
                    recorder.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Break" }
                    assertEquals(ConnectionState.CONNECTED, client.connectionState())
                }
            }
        }
    }

    @Test
    fun `an app restarted from the tokens persisted after a renewal renews again`() = runBlocking<Unit> {
        Emulator("--sso-token-ttl-secs", "5").use { emu ->
            val signedIn = emu.signIn()
            // The app persists the tokens of every TokenUpdated (here: the last one before it quits).
            val saved = createClient(signedIn.accessToken.reveal(), emu.renewing(signedIn.refreshToken, marginMs = 3000)).use { client ->
                val renewed = withTimeout(15_000) { client.events().filterIsInstance<FlexEvent.TokenUpdated>().first() }.tokens
                assertEquals(renewed.accessToken.reveal(), client.token().accessToken.reveal())
                assertNotEquals(signedIn.accessToken.reveal(), renewed.accessToken.reveal())
                renewed.accessToken.reveal() to renewed.refreshToken!!.reveal()
            }
            assertNotEquals(signedIn.refreshToken.reveal(), saved.second, "the refresh token rotated")

            // Restarted: a new client from the saved access token and refresh token.
            createClient(saved.first, emu.renewing(Secret(saved.second), marginMs = 3000)).use { client ->
                assertEquals(emu.user().string("identity"), client.tokenInfo().identity)
                val again = withTimeout(15_000) { client.events().filterIsInstance<FlexEvent.TokenUpdated>().first() }.tokens
                assertNotEquals(saved.first, again.accessToken.reveal())
                assertNotEquals(saved.second, again.refreshToken?.reveal())
                assertEquals("Available", client.setCurrentActivity(emu.activity("available"), false).activityName)
            }
        }
    }

    /** Waits until the renewal state is [state] (the renewal task sets it just after its event). */
    private suspend fun FlexClient.awaitRenewal(state: RenewalState, timeoutMs: Long = 5_000) {
        withTimeoutOrNull(timeoutMs) { while (renewalState() != state) delay(20) }
        assertEquals(state, renewalState(), "renewal state after ${timeoutMs}ms")
    }
}
