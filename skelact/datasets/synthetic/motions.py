"""Motion primitives of the synthetic dataset: what each action does to the
joint angles over time (:class:`Pose`) on a per-performance time base
(:class:`Timing`)."""
import numpy as np

from .body import (FLIP, FPS, HEAD, L_ANKLE, L_ELBOW, L_KNEE, L_WRIST, NECK,
                   PITCH, R_ANKLE, R_ELBOW, R_KNEE, R_WRIST, ROLL, ROOT, SHINS,
                   SPINE_MID, SPINE_SHOULDER, THIGHS, UPPER_ARMS, V, YAW,
                   smoothstep)

__all__ = ['Pose', 'Timing', 'wave', 'raise_hand', 'clap', 'raise_both_arms',
           'arm_circles', 'kick', 'side_kick', 'punch', 'reach_forward',
           'squat', 'bow', 'touch_toes', 'jump', 'hop', 'march', 'jog',
           'turn', 'nod', 'handshake', 'push', 'hug', 'walk_toward',
           'high_five']


class Pose:
    """What a motion function writes: local joint ``angles`` (P, T, V, 3)
    added to the rest pose, ``move`` (P, T, 3) of the root in the body frame
    (x left, z backward) and ``lift`` (P, T) off the floor (jumps)."""

    def __init__(self, p: int, t: int):
        self.angles = np.zeros((p, t, V, 3))
        self.move = np.zeros((p, t, 3))
        self.lift = np.zeros((p, t))

    def add(self, joint, comp, value, both=False):
        """Add ``value`` (P, T) to a slot; ``both`` also adds its mirror
        image to the other side's slot (yaw and roll change sign)."""
        self.angles[:, :, joint, comp] += value
        if both:
            sign = -1 if comp in (YAW, ROLL) else 1
            self.angles[:, :, FLIP[joint], comp] += sign * value

    def forward(self, dist):
        """Walk ``dist`` (P, T) metres forward (body frame)."""
        self.move[:, :, 2] -= dist

    def mirror(self):
        """Swap left and right (a left-handed action from a right one)."""
        self.angles = self.angles[:, :, FLIP] * np.array([1, -1, -1])
        self.move[:, :, 0] *= -1


class Timing:
    """Time base of P performances on a grid of T frames.

    ``u`` (P, T) runs 0 -> 1 over each performance's active window, ``env``
    ramps in and out of it, ``bump`` = sin^2(pi u) is a one-shot
    down-and-up, ``plateau`` a slower in-hold-out envelope, ``amp`` (P, 1)
    the amplitude factor, ``sign`` (P, 1) a random +-1; :meth:`phase` gives
    the phase of a rhythmic motion of a base frequency.
    """

    def __init__(self, t, start, stop, speed, phase0, amp, sign):
        self.frames = np.arange(t)[None].astype(np.float64)
        self.u = np.clip((self.frames - start) / (stop - start), 0, 1)
        self.env = (smoothstep(self.u / .15) *
                    smoothstep((1 - self.u) / .15))
        self.bump = np.sin(np.pi * self.u) ** 2
        self.plateau = (smoothstep(self.u / .35) *
                        smoothstep((1 - self.u) / .3))
        self.speed, self.phase0 = speed, phase0
        self.start = start
        self.amp, self.sign = amp, sign

    def phase(self, freq_hz: float):
        return (2 * np.pi * freq_hz * self.speed *
                (self.frames - self.start) / FPS + self.phase0)


def _pos(x):
    return np.maximum(x, 0)


def wave(m, p):
    p.add(R_ELBOW, ROLL, -2.4 * m.env)
    p.add(R_WRIST, PITCH, .3 * m.env)
    p.add(R_WRIST, ROLL, m.env * (-.3 + .8 * m.amp * np.sin(m.phase(1.6))))


def raise_hand(m, p):
    """The waving pose, held still (waving without the wave)."""
    p.add(R_ELBOW, ROLL, -2.4 * m.env)
    p.add(R_WRIST, PITCH, .3 * m.env)
    p.add(R_WRIST, ROLL, -.3 * m.env)


def clap(m, p):
    closed = .5 * (1 + np.sin(m.phase(2.0)))
    p.add(L_ELBOW, PITCH, 1.2 * m.env, both=True)
    p.add(L_WRIST, PITCH, .9 * m.env, both=True)
    p.add(L_ELBOW, YAW, m.env * (-.25 + .6 * m.amp * closed), both=True)


def raise_both_arms(m, p):
    up = .5 * (1 - np.cos(m.phase(.9)))
    p.add(L_ELBOW, ROLL, 2.4 * m.amp * up * m.env, both=True)


def arm_circles(m, p, direction=1):
    """Arms held out sideways, hands drawing circles (``direction`` +1:
    forward over the top, -1: backward)."""
    ph = m.phase(1.2)
    p.add(L_ELBOW, ROLL, m.env * (1.45 + .5 * m.amp * np.sin(ph)),
          both=True)
    p.add(L_ELBOW, PITCH, direction * .5 * m.amp * m.env * np.cos(ph),
          both=True)


def kick(m, p):
    k = _pos(np.sin(m.phase(.8))) ** 2 * m.env
    p.add(R_KNEE, PITCH, 1.3 * m.amp * k)
    p.add(R_ANKLE, PITCH, -4.8 * k * (1 - k))  # bent on the way, then straight
    p.add(SPINE_MID, PITCH, .15 * k)
    p.add(L_ELBOW, ROLL, .3 * k, both=True)


def side_kick(m, p):
    k = _pos(np.sin(m.phase(.7))) ** 2 * m.env
    p.add(R_KNEE, ROLL, -1.0 * m.amp * k)
    p.add(SPINE_MID, ROLL, -.3 * k)
    p.add(L_ELBOW, ROLL, .4 * k, both=True)


def punch(m, p):
    hit = _pos(np.sin(m.phase(1.4))) ** 3 * m.env
    p.add(L_ELBOW, PITCH, .4 * m.env, both=True)   # guard
    p.add(L_WRIST, PITCH, 1.9 * m.env, both=True)
    p.add(R_ELBOW, PITCH, 1.1 * m.amp * hit)
    p.add(R_WRIST, PITCH, -1.9 * hit)
    p.add(R_ELBOW, YAW, -.2 * hit)
    p.add(SPINE_MID, YAW, .25 * hit)


def reach_forward(m, p):
    p.add(R_ELBOW, PITCH, 1.5 * m.amp * m.plateau)
    p.add(R_WRIST, PITCH, -.12 * m.plateau)
    p.add(SPINE_MID, PITCH, -.25 * m.plateau)


def squat(m, p):
    s = .5 * (1 - np.cos(m.phase(.5))) * m.env * m.amp
    p.add(L_KNEE, PITCH, 1.4 * s, both=True)
    p.add(L_ANKLE, PITCH, -2.2 * s, both=True)
    p.add(SPINE_MID, PITCH, -.35 * s)
    p.add(L_ELBOW, PITCH, 1.3 * s, both=True)


def bow(m, p):
    b = m.bump * m.amp
    p.add(SPINE_MID, PITCH, -.8 * b)
    p.add(SPINE_SHOULDER, PITCH, -.2 * b)
    p.add(HEAD, PITCH, -.2 * b)


def touch_toes(m, p):
    b = m.bump * m.amp
    p.add(SPINE_MID, PITCH, -1.45 * b)
    p.add(SPINE_SHOULDER, PITCH, -.35 * b)
    p.add(L_ELBOW, PITCH, 1.6 * b, both=True)


def jump(m, p):
    ph = m.phase(1.1)
    air, crouch = _pos(np.sin(ph)) * m.env, _pos(-np.sin(ph)) * m.env
    p.add(L_KNEE, PITCH, .7 * crouch, both=True)
    p.add(L_ANKLE, PITCH, -1.2 * crouch, both=True)
    p.add(SPINE_MID, PITCH, -.2 * crouch)
    p.add(L_ELBOW, ROLL, .6 * air, both=True)
    p.lift += .25 * m.amp * air


def hop(m, p):
    ph = m.phase(1.5)
    air, crouch = _pos(np.sin(ph)) * m.env, _pos(-np.sin(ph)) * m.env
    p.add(R_KNEE, PITCH, .5 * m.env)
    p.add(R_ANKLE, PITCH, -1.3 * m.env)
    p.add(L_KNEE, PITCH, .3 * crouch)
    p.add(L_ANKLE, PITCH, -.5 * crouch)
    p.add(L_ELBOW, ROLL, .4 * m.env, both=True)
    p.lift += .12 * m.amp * air


def march(m, p, freq=.8, amp=1.):
    """Walk in place: alternate knee lifts and arm swing."""
    ph = m.phase(freq)
    for side, s in ((0, 1), (1, -1)):
        lift = _pos(s * np.sin(ph)) * m.env * amp
        p.add(THIGHS[side], PITCH, .9 * lift)
        p.add(SHINS[side], PITCH, -1.3 * lift)
        p.add(UPPER_ARMS[side], PITCH, -.4 * s * np.sin(ph) * m.env * amp)


def jog(m, p):
    """Jog in place: the walking pattern at a running cadence, with a
    bounce on every step."""
    march(m, p, freq=1.8, amp=.9)
    p.lift += .04 * m.amp * m.env * np.abs(np.sin(m.phase(1.8)))


def turn(m, p, direction=1):
    """Turn half a circle in small steps; ``direction`` +1 turns left
    (anticlockwise seen from above), -1 right."""
    p.add(ROOT, YAW, -direction * np.pi * smoothstep(m.u))
    march(m, p, freq=1.2, amp=.3)


def nod(m, p):
    down = .5 * (1 + np.sin(m.phase(1.5))) * m.env * m.amp
    p.add(NECK, PITCH, -.35 * down)
    p.add(HEAD, PITCH, -.3 * down)


# two-person interactions: f(timing, person_a, person_b), facing each other
def handshake(m, a, b):
    for p in (a, b):
        p.add(R_ELBOW, PITCH, m.plateau * (
            .9 + .15 * m.amp * np.sin(m.phase(2.5))))
        p.add(R_ELBOW, YAW, -.3 * m.plateau)
        p.add(R_WRIST, PITCH, .5 * m.plateau)
        p.forward(.1 * m.plateau)


def push(m, a, b):
    thrust = (smoothstep((m.u - .4) / .15) *
              (1 - smoothstep((m.u - .8) / .2)))
    a.add(L_ELBOW, PITCH, (.6 * m.plateau + .9 * thrust) * m.amp, both=True)
    a.add(L_WRIST, PITCH, 1.4 * m.plateau * (1 - thrust), both=True)
    a.forward(.2 * thrust)
    b.add(SPINE_MID, PITCH, .35 * thrust)
    b.add(L_ELBOW, ROLL, .4 * thrust, both=True)
    b.forward(-.35 * smoothstep((m.u - .45) / .3))


def hug(m, a, b):
    for p in (a, b):
        p.forward(.45 * m.plateau)
        p.add(L_ELBOW, PITCH, 1.3 * m.plateau, both=True)
        p.add(L_ELBOW, YAW, .5 * m.plateau, both=True)
        p.add(L_WRIST, YAW, 1.0 * m.plateau, both=True)
        p.add(SPINE_MID, PITCH, -.1 * m.plateau)


def walk_toward(m, a, b):
    for p in (a, b):
        march(m, p, freq=1.0)
        p.forward(.9 * m.amp * smoothstep(m.u))


def high_five(m, a, b):
    for p in (a, b):
        p.add(R_ELBOW, PITCH, 2.4 * m.plateau)
        p.add(R_ELBOW, YAW, -.25 * m.plateau)
        p.add(R_WRIST, PITCH, .3 * m.plateau)
        p.forward(.1 * m.plateau)
