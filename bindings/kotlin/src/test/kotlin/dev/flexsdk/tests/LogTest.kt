package dev.flexsdk.tests

import dev.flexsdk.FlexEvent
import dev.flexsdk.LogLevel
import dev.flexsdk.LogListener
import dev.flexsdk.LogRecord
import dev.flexsdk.SessionOptions
import dev.flexsdk.createClient
import dev.flexsdk.events
import dev.flexsdk.exchangeToken
import dev.flexsdk.removeLogListener
import dev.flexsdk.setLogLevel
import dev.flexsdk.setLogListener
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CopyOnWriteArrayList

/** The SDK's log records reach a Kotlin [LogListener] on one SDK thread, with no secret in them. */
class LogTest {
    private class Collector : LogListener {
        val records = CopyOnWriteArrayList<LogRecord>()
        val threads = CopyOnWriteArrayList<Long>()

        override fun onLog(record: LogRecord) {
            threads.add(LibC.pthread_self())
            records.add(record)
        }
    }

    @Test
    fun `log records reach the listener, redacted`() = runBlocking<Unit> {
        val collector = Collector()
        setLogLevel(LogLevel.DEBUG)
        setLogListener(collector)
        try {
            Emulator("--sso-token-ttl-secs", "4").use { emu ->
                val details = emu.loginDetails()
                val (code, _) = followLogin(details.loginUrl, "alice")
                val tokens = exchangeToken(emu.exchangeParams(code, details.codeVerifier, details.nonce), emu.service())
                val session = SessionOptions(
                    autoUpdateToken = true, refreshToken = tokens.refreshToken, ssoProfileSid = emu.ssoProfileSid,
                    refreshMarginMs = 3000uL, checkIntervalMs = 300uL,
                )
                createClient(tokens.accessToken.reveal(), emu.options().copy(session = session)).use { client ->
                    withTimeout(10_000) { client.events().first { it is FlexEvent.TokenUpdated } }
                    client.setCurrentActivity(emu.activity("available"), false)
                    // A failure is logged too.
                    runCatching { createClient(tokens.accessToken.reveal() + "x", emu.options()).close() }
                }
                delay(300)
                removeLogListener()
                val got = collector.records.toList()
                assertTrue(got.isNotEmpty())
                val renewed = got.firstOrNull { it.target == "flex_core::session" && it.message == "token renewed" }
                assertTrue(renewed != null, "no renewal record in ${got.map { "${it.target}: ${it.message}" }}")
                assertEquals(LogLevel.INFO, renewed!!.level)
                assertTrue(got.none { it.level == LogLevel.TRACE }, "below the log level")
                assertEquals(1, collector.threads.toSet().size, "one SDK log thread")
                assertNotEquals(LibC.pthread_self(), collector.threads.first())

                val secrets = listOf(tokens.accessToken.reveal(), tokens.refreshToken.reveal(), code, details.codeVerifier.reveal(), emu.user().string("token"))
                for (r in got) {
                    val text = r.message + " " + r.fields.joinToString { "${it.name}=${it.value}" }
                    for (secret in secrets) assertFalse(secret in text, "secret in ${r.target}: $text")
                    assertFalse("eyJ" in text, "JWT-looking text in ${r.target}: $text")
                }
                // After removal nothing more arrives.
                val count = collector.records.size
                emu.connect().close()
                delay(200)
                assertEquals(count, collector.records.size)
            }
        } finally {
            removeLogListener()
            setLogLevel(LogLevel.ERROR)
        }
    }
}
