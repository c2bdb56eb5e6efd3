package dev.flexsdk.tests

import dev.flexsdk.ClientOptions
import dev.flexsdk.ConnectionState
import dev.flexsdk.FlexEvent
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.extension.ExtendWith

/** Client lifecycle: create, snapshots, connection state, token update, close. */
@ExtendWith(EmulatorExtension::class)
class ClientTest {
    @Test
    fun `create client reads the worker`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val worker = client.getWorker()
            assertEquals(emu.user().getString("worker_sid"), worker.sid)
            assertTrue(worker.name.isNotEmpty())
            assertEquals(emu.world.getString("workspace_sid"), worker.workspaceSid)
            assertTrue(worker.activities.map { it.name }.containsAll(listOf("Offline", "Available")))
            assertEquals(ConnectionState.CONNECTED, client.connectionState())
        }
    }

    @Test
    fun `token info describes the agent`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val info = client.tokenInfo()
            assertEquals(emu.user().getString("identity"), info.identity)
            assertEquals(emu.user().getString("worker_sid"), info.workerSid)
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
    fun `update token emits TokenUpdated`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val recorder = Recorder()
            client.addListener(recorder).use {
                client.updateToken(emu.mintToken())
                recorder.await<FlexEvent.TokenUpdated>()
            }
        }
    }

    @Test
    fun `close is idempotent, emits ClientDestroyed, and later calls throw`(emu: Emulator) = runBlocking<Unit> {
        val client = emu.connect()
        val recorder = Recorder()
        client.addListener(recorder).use {
            client.close()
            client.close()
            client.destroy()
            recorder.await<FlexEvent.ClientDestroyed>()
            assertEquals(FlexEvent.ClientDestroyed, recorder.events.last())
            assertThrows<IllegalStateException> { client.getWorker() }
            assertThrows<IllegalStateException> { client.setCurrentActivity(emu.activity("available"), false) }
        }
    }
}
