"""AtomicCheckpointHook(save_epochs=...): the checkpoints of the named
epochs are written even off the interval and survive max_keep_ckpts (the
AimCLR paper's Table 3 evaluates 100 / 150 / 200 / 300-epoch points)."""
import os
import os.path as osp

import pytest
import torch
from mmengine.model import BaseModel


class _Toy(BaseModel):
    def __init__(self):
        super().__init__()
        self.w = torch.nn.Linear(2, 1)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        return dict(loss=self.w(inputs).pow(2).mean())


def test_save_epochs_are_kept_beside_the_rotation(tmp_path):
    from mmengine.runner import Runner
    import skelact.engine  # noqa: F401
    work = str(tmp_path / 'w')
    data = [torch.ones(2)] * 4
    runner = Runner(
        model=_Toy(), work_dir=work,
        train_dataloader=dict(dataset=data, batch_size=2, num_workers=0,
                              sampler=dict(type='DefaultSampler',
                                           shuffle=False),
                              collate_fn=dict(type='pseudo_collate')),
        train_cfg=dict(by_epoch=True, max_epochs=5),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        default_hooks=dict(checkpoint=dict(
            type='AtomicCheckpointHook', interval=2, max_keep_ckpts=1,
            save_epochs=[1, 3])),
        default_scope='skelact', log_level='WARNING',
        experiment_name=osp.basename(str(tmp_path)))
    runner.train()
    kept = sorted(f for f in os.listdir(work) if f.endswith('.pth'))
    # 1 and 3: save_epochs (off the interval); 2 and 4 rotated out by the
    # last one, 5
    assert kept == ['epoch_1.pth', 'epoch_3.pth', 'epoch_5.pth']
    with open(osp.join(work, 'last_checkpoint')) as f:
        assert f.read().strip().endswith('epoch_5.pth')


def test_save_epochs_bad_values():
    from skelact.engine.hooks.checkpoint import AtomicCheckpointHook
    with pytest.raises(ValueError, match='save_epochs must be a list'):
        AtomicCheckpointHook(interval=1, save_epochs=['x'])
    with pytest.raises(ValueError, match='by_epoch=True'):
        AtomicCheckpointHook(interval=1, by_epoch=False, save_epochs=[3])
    with pytest.raises(ValueError, match='>= 1'):
        AtomicCheckpointHook(interval=1, save_epochs=[0])
