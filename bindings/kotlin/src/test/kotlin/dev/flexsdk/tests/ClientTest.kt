package dev.flexsdk.tests

import dev.flexsdk.ClientOptions
import dev.flexsdk.ConnectionState
import dev.flexsdk.FlexEvent
import dev.flexsdk.events
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.extension.ExtendWith

/** Client lifecycle: create, snapshots, connection state, token update, the events flow, close. */
@ExtendWith(EmulatorExtension::class)
class ClientTest {
    @Test
    fun `create client reads the worker`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val worker = client.getWorker()
            assertEquals(emu.user().string("worker_sid"), worker.sid)
            assertTrue(worker.name.isNotEmpty())
            assertEquals(emu.world.string("workspace_sid"), worker.workspaceSid)
            assertTrue(worker.activities.map { it.name }.containsAll(listOf("Offline", "Available")))
            assertEquals(ConnectionState.CONNECTED, client.connectionState())
        }
    }

    @Test
    fun `token info describes the agent`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val info = client.tokenInfo()
            assertEquals(emu.user().string("identity"), info.identity)
            assertEquals(emu.user().string("worker_sid"), info.workerSid)
            assertTrue("agent" in info.roles)
            assertTrue(info.expiresAt > 0)
        }
    }

    @Test
    fun `options have flex-core defaults`() {
        val o = ClientOptions()
        assertEquals(listOf(30000uL, 15000uL, 10000uL), listOf(o.connectTimeoutMs, o.requestTimeoutMs, o.eventTimeoutMs))
        assertTrue(o.setWorkerOfflineIfDisconnected && !o.closeExistingSessions)
        assertNull(o.endpointOverride)
    }

    @Test
    fun `update token emits TokenUpdated with the new token, and token() returns it`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            assertEquals(emu.user().string("token"), client.token().accessToken.reveal())
            val fresh = emu.mintToken()
            val updated = expect<FlexEvent.TokenUpdated>(client)
            client.updateToken(fresh)
            assertEquals(fresh, updated.await().tokens.accessToken.reveal())
            assertEquals(fresh, client.token().accessToken.reveal())
            assertEquals(client.tokenInfo().expiresAt, client.token().expiresAt)
        }
    }

    @Test
    fun `close is idempotent, ends the events flow with ClientDestroyed, and later calls throw`(emu: Emulator) = runBlocking<Unit> {
        val client = emu.connect()
        val all = async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) { withTimeout(10_000) { client.events().toList() } }
        client.close()
        client.close()
        client.destroy()
        assertEquals(FlexEvent.ClientDestroyed, all.await().last(), "the flow completes after ClientDestroyed")
        assertThrows<IllegalStateException> { client.getWorker() }
        assertThrows<IllegalStateException> { client.setCurrentActivity(emu.activity("available"), false) }
    }

    @Test
    fun `cancelling a collector stops its stream, others keep receiving`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            Recorder(client).use { recorder ->
                val cancelled = launch(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) { client.events().collect { } }
                cancelled.cancelAndJoin()
                client.setCurrentActivity(emu.activity("available"), false)
                recorder.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Available" }
            }
        }
    }
}
