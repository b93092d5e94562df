"""The classes of the synthetic dataset: one motion (and, for two-person
interactions, a start distance) per class."""
from functools import partial
from typing import Callable, NamedTuple, Optional

from .motions import (arm_circles, bow, clap, handshake, high_five, hop, hug,
                      jog, jump, kick, march, nod, punch, push,
                      raise_both_arms, raise_hand, reach_forward, side_kick,
                      squat, touch_toes, turn, walk_toward, wave)

__all__ = ['Action', 'ACTIONS', 'CLASSES', 'INTERACTION_CLASSES']


class Action(NamedTuple):
    """A class: its motion and, for two persons, their start distance."""
    name: str
    motion: Callable
    mirror: bool = False
    distance: Optional[float] = None     # two-person interactions only

    @property
    def two_person(self):
        return self.distance is not None


ACTIONS = (
    # the first ten (the default) pair motions that share a pose and
    # differ in their dynamics, so that a pose template does not suffice
    Action('wave right hand', wave),
    Action('raise right hand', raise_hand),
    Action('arm circles forward', arm_circles),
    Action('arm circles backward', partial(arm_circles, direction=-1)),
    Action('walk in place', march),
    Action('jog in place', jog),
    Action('turn left', turn),
    Action('turn right', partial(turn, direction=-1)),
    Action('handshake', handshake, distance=.95),
    Action('push other person', push, distance=.9),
    Action('clap', clap),
    Action('kick with right leg', kick),
    Action('squat', squat),
    Action('jump up', jump),
    Action('bow', bow),
    Action('touch toes', touch_toes),
    Action('punch with right hand', punch),
    Action('reach forward with right hand', reach_forward),
    Action('hug', hug, distance=1.4),
    Action('walk towards each other', walk_toward, distance=3.0),
    Action('wave left hand', wave, mirror=True),
    Action('kick with left leg', kick, mirror=True),
    Action('hop on left leg', hop, mirror=True),
    Action('nod head', nod),
    Action('high five', high_five, distance=1.0),
    Action('side kick with left leg', side_kick, mirror=True),
    Action('raise both arms', raise_both_arms),
    Action('punch with left hand', punch, mirror=True),
)
CLASSES = tuple(a.name for a in ACTIONS)
INTERACTION_CLASSES = tuple(i for i, a in enumerate(ACTIONS) if a.two_person)
