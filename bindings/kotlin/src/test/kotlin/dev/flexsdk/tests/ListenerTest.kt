package dev.flexsdk.tests

import dev.flexsdk.FlexEvent
import dev.flexsdk.FlexEventKind
import dev.flexsdk.events
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/** Listeners: a throwing listener is isolated; closing the handle stops delivery; the thread; a blocking listener. */
@ExtendWith(EmulatorExtension::class)
class ListenerTest {
    /** Records, then throws on every event. */
    private class Throwing : ListenerRecorder() {
        override fun onEvent(event: FlexEvent) {
            super.onEvent(event)
            throw IllegalStateException("listener bug")
        }
    }

    @Test
    fun `a throwing listener does not stop the others`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val bad = Throwing()
            val good = ListenerRecorder()
            client.addListener(bad).use {
                client.addListener(good).use {
                    client.setCurrentActivity(emu.activity("available"), false)
                    client.setCurrentActivity(emu.activity("offline"), false)
                    good.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Offline" }
                    assertEquals(bad.kinds(), good.kinds())
                    assertEquals("Offline", client.getWorker().activityName)
                }
            }
        }
    }

    @Test
    fun `listeners and flows of some kinds get only those`(emu: Emulator) = runBlocking<Unit> {
        val client = emu.connect()
        val some = async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
            client.events(FlexEventKind.WORKER_ATTRIBUTES_UPDATED).toList()
        }
        val only = ListenerRecorder()
        val everything = ListenerRecorder()
        val handles = listOf(client.addListener(only, listOf(FlexEventKind.WORKER_ATTRIBUTES_UPDATED)), client.addListener(everything))
        client.setCurrentActivity(emu.activity("break"), false)
        client.setAttributes(buildJsonObject { put("a", 1) }, true)
        everything.await<FlexEvent.WorkerAttributesUpdated>()
        client.close()

        val wanted = listOf("WorkerAttributesUpdated", "ClientDestroyed")
        assertEquals(wanted, withTimeout(10_000) { some.await() }.map { it::class.simpleName })
        only.await<FlexEvent.ClientDestroyed>()
        assertEquals(wanted, only.kinds())
        assertTrue("WorkerActivityUpdated" in everything.kinds())
        handles.forEach { it.close() }
    }

    @Test
    fun `a closed handle gets nothing more`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val recorder = ListenerRecorder()
            val removed = ListenerRecorder()
            client.addListener(recorder).use {
                val handle = client.addListener(removed)
                client.setCurrentActivity(emu.activity("available"), false)
                removed.await<FlexEvent.WorkerActivityUpdated>()
                handle.remove()
                handle.close()
                client.setCurrentActivity(emu.activity("break"), false)
                recorder.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Break" }
                assertFalse(removed.events.any { it is FlexEvent.WorkerActivityUpdated && it.worker.activityName == "Break" })
            }
        }
    }

    @Test
    fun `listeners run on SDK delivery threads, not the caller's, in order`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val recorder = ListenerRecorder()
            client.addListener(recorder).use {
                client.setCurrentActivity(emu.activity("available"), false)
                client.setCurrentActivity(emu.activity("offline"), false)
                recorder.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Offline" }
                assertFalse(LibC.pthread_self() in recorder.threads)
                val activities = recorder.events.filterIsInstance<FlexEvent.WorkerActivityUpdated>().map { it.worker.activityName }
                assertEquals(listOf("Available", "Offline"), activities)
            }
        }
    }

    @Test
    fun `a listener that blocks does not stop another client's events flow`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { alice ->
            emu.connect("agent2").use { bob ->
                val release = CountDownLatch(1)
                val blocked = CountDownLatch(1)
                val blocking = object : ListenerRecorder() {
                    override fun onEvent(event: FlexEvent) {
                        super.onEvent(event)
                        blocked.countDown()
                        release.await()
                    }
                }
                alice.addListener(blocking).use {
                    try {
                        alice.setCurrentActivity(emu.activity("available"), false)
                        assertTrue(withContext(Dispatchers.IO) { blocked.await(10, TimeUnit.SECONDS) }, "the listener got its first event")
                        // Alice's delivery is stuck in her listener; Bob's flow still gets his events, in order.
                        for (activity in listOf("available", "break", "offline")) {
                            val seen = expect<FlexEvent.WorkerActivityUpdated>(bob) { it.worker.activitySid == emu.activity(activity) }
                            bob.setCurrentActivity(emu.activity(activity), false)
                            seen.await()
                        }
                        alice.setCurrentActivity(emu.activity("break"), false)
                        assertEquals(1, blocking.events.size, "alice's later events wait for her listener")
                    } finally {
                        release.countDown()
                    }
                    blocking.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Break" }
                }
            }
        }
    }
}
