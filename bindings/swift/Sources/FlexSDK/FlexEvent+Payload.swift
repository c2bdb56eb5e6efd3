/// The snapshot an event carries, readable without a `switch`.
extension FlexEvent {
    /// The worker of `workerActivityUpdated` and `workerAttributesUpdated`, else nil.
    public var worker: Worker? {
        switch self {
        case let .workerActivityUpdated(worker), let .workerAttributesUpdated(worker): return worker
        default: return nil
        }
    }

    /// The reservation of a `reservation…` event, else nil.
    public var reservation: Reservation? {
        switch self {
        case let .reservationCreated(r), let .reservationAccepted(r), let .reservationRejected(r),
             let .reservationTimeout(r), let .reservationCanceled(r), let .reservationRescinded(r),
             let .reservationWrapup(r), let .reservationCompleted(r):
            return r
        default: return nil
        }
    }

    /// The task of a `task…` event, else nil.
    public var task: FlexTask? {
        switch self {
        case let .taskUpdated(t), let .taskCanceled(t), let .taskWrapup(t), let .taskCompleted(t): return t
        default: return nil
        }
    }

    /// The credentials of `tokenUpdated`, for an app to persist, else nil.
    public var tokens: SessionTokens? {
        if case let .tokenUpdated(tokens) = self { return tokens }
        return nil
    }
}
