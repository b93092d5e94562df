"""Checkpoints that are complete or absent."""
import os
import os.path as osp
from contextlib import suppress

from mmengine.dist import is_main_process
from mmengine.fileio import LocalBackend
from mmengine.hooks import CheckpointHook

from skelact.registry import HOOKS
from skelact.utils.atomic_io import (publish_file, remove_stale_temp_files,
                                     temp_path_for, write_text_atomic)

__all__ = ['AtomicCheckpointHook', 'save_checkpoint_atomically']


def save_checkpoint_atomically(runner, out_dir: str, filename: str,
                               **kwargs) -> str:
    """``runner.save_checkpoint(out_dir, filename, **kwargs)``, but written
    to a temporary file in ``out_dir``, fsynced and renamed to
    ``filename``: a kill, a crash, Ctrl-C or a full disk leave the previous
    file or none, never a partial one under the final name. Returns the
    final path. (Only the main process writes, as in mmengine.)"""
    final = osp.join(out_dir, filename)
    if not is_main_process():
        runner.save_checkpoint(out_dir, filename, **kwargs)  # a no-op
        return final
    tmp = temp_path_for(final)
    try:
        runner.save_checkpoint(out_dir, osp.basename(tmp), **kwargs)
        publish_file(tmp, final)
    except BaseException:
        with suppress(OSError):
            os.remove(tmp)
        raise
    return final


@HOOKS.register_module()
class AtomicCheckpointHook(CheckpointHook):
    """mmengine's :class:`~mmengine.hooks.CheckpointHook` (same arguments,
    same file names, same ``message_hub`` bookkeeping, so resuming works as
    with mmengine), with crash-safe ordering on a local disk:

    1. the new checkpoint is written to a temporary file in the same
       folder, fsynced and renamed to ``epoch_N.pth``
       (:func:`save_checkpoint_atomically`);
    2. only then are checkpoints beyond ``max_keep_ckpts`` and the previous
       best checkpoint (``save_best``) removed, so that ``max_keep_ckpts=1``
       never leaves zero checkpoints;
    3. ``last_checkpoint`` is updated last, atomically.

    mmengine removes the old checkpoint first and writes straight to the
    final name, so a kill during the save could leave no checkpoint, or a
    truncated one under a normal name. Temporary files a killed run left
    behind are removed at the start of the next one. Other storage
    backends (``backend_args``) keep mmengine's behaviour.

    ``save_epochs`` (epoch-based runs, local disk): epochs whose checkpoint
    is written even off the ``interval`` and never removed by
    ``max_keep_ckpts`` (e.g. ``[100, 150, 200, 300]``, the points of the
    AimCLR paper's Table 3), while the rotation keeps the latest others.
    """

    def __init__(self, *args, save_epochs=(), **kwargs):
        super().__init__(*args, **kwargs)
        try:
            self.save_epochs = sorted({int(e) for e in save_epochs})
        except (TypeError, ValueError):
            raise ValueError(f'AtomicCheckpointHook: save_epochs must be a '
                             f'list of epochs, got {save_epochs!r}') from None
        if self.save_epochs and (not self.by_epoch or
                                 min(self.save_epochs) < 1):
            raise ValueError(
                'AtomicCheckpointHook: save_epochs needs by_epoch=True and '
                f'1-based epochs >= 1, got {save_epochs!r}')

    def after_train_epoch(self, runner) -> None:
        super().after_train_epoch(runner)
        if runner.epoch + 1 in self.save_epochs and not (
                self.every_n_epochs(runner, self.interval, self.save_begin)
                or (self.save_last and self.is_last_train_epoch(runner))):
            runner.logger.info(f'Saving checkpoint at {runner.epoch + 1} '
                               'epochs (save_epochs)')
            self._save_checkpoint(runner)

    def before_train(self, runner) -> None:
        super().before_train(runner)
        if self._atomic() and is_main_process():
            for path in remove_stale_temp_files(self.out_dir):
                runner.logger.info(f'removed {path}, a partial checkpoint '
                                   'of an interrupted save')

    def _atomic(self) -> bool:
        return self.file_client_args is None and isinstance(
            getattr(self, 'file_backend', None), LocalBackend)

    def _remove(self, runner, path):
        if not path or not is_main_process():
            return
        if self.file_backend.isfile(path):
            self.file_backend.remove(path)
        elif self.file_backend.isdir(path):  # deepspeed saves folders
            self.file_backend.rmtree(path)

    def _save_checkpoint_with_step(self, runner, step, meta):
        if not self._atomic():
            return super()._save_checkpoint_with_step(runner, step, meta)
        filename = self.filename_tmpl.format(step)
        path = self.file_backend.join_path(self.out_dir, filename)
        # the bookkeeping the new checkpoint itself must carry; the files
        # that fall out of it are removed after it is on disk
        drop = []
        if self.max_keep_ckpts > 0 and step not in self.save_epochs and not (
                self.keep_ckpt_ids and self.keep_ckpt_ids[-1] == step):
            if len(self.keep_ckpt_ids) == self.max_keep_ckpts:
                drop.append(self.keep_ckpt_ids.popleft())
            self.keep_ckpt_ids.append(step)
            runner.message_hub.update_info('keep_ckpt_ids',
                                           list(self.keep_ckpt_ids))
        self.last_ckpt = path
        runner.message_hub.update_info('last_ckpt', path)
        save_checkpoint_atomically(
            runner, self.out_dir, filename,
            save_optimizer=self.save_optimizer,
            save_param_scheduler=self.save_param_scheduler, meta=meta,
            by_epoch=self.by_epoch, backend_args=self.backend_args,
            **self.args)
        if not is_main_process():
            return
        write_text_atomic(osp.join(runner.work_dir, 'last_checkpoint'),
                          path)
        for old in drop:
            old_path = self.file_backend.join_path(
                self.out_dir, self.filename_tmpl.format(old))
            if old_path != path:
                self._remove(runner, old_path)

    def _save_best_checkpoint(self, runner, metrics) -> None:
        if not self.save_best:
            return
        if not self._atomic():
            return super()._save_best_checkpoint(runner, metrics)
        step = runner.epoch if self.by_epoch else runner.iter
        unit = 'epoch' if self.by_epoch else 'iter'
        meta = dict(epoch=runner.epoch, iter=runner.iter)
        if 'auto' in self.key_indicators:
            self._init_rule(self.rules, [list(metrics.keys())[0]])
        single = len(self.key_indicators) == 1
        hub = runner.message_hub
        updated = False
        for key, rule in zip(self.key_indicators, self.rules):
            score = metrics[key]
            score_key = 'best_score' if single else f'best_score_{key}'
            path_key = 'best_ckpt' if single else f'best_ckpt_{key}'
            best = hub.get_info(score_key, self.init_value_map[rule])
            if score is None or not self.is_better_than[key](score, best):
                continue
            updated = True
            hub.update_info(score_key, score)
            old = (self.best_ckpt_path if single
                   else self.best_ckpt_path_dict[key])
            name = f'best_{key}_{self.filename_tmpl.format(step)}'
            name = name.replace('/', '_')
            new = self.file_backend.join_path(self.out_dir, name)
            if single:
                self.best_ckpt_path = new
            else:
                self.best_ckpt_path_dict[key] = new
            hub.update_info(path_key, new)
            save_checkpoint_atomically(
                runner, self.out_dir, name, save_optimizer=False,
                save_param_scheduler=False, meta=dict(meta), by_epoch=False,
                backend_args=self.backend_args)
            if old and old != new:
                self._remove(runner, old)
                runner.logger.info(f'The previous best checkpoint {old} '
                                   'is removed')
            runner.logger.info(
                f'The best checkpoint with {score:0.4f} {key} at {step} '
                f'{unit} is saved to {name}.')
        # save the latest checkpoint again, so that the best score and path
        # it carries are current (mmengine does the same)
        if updated and self.last_ckpt is not None:
            self._save_checkpoint_with_step(runner, step, meta)
