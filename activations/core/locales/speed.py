"""Strings of the Speed page, its chart, its conclusion and its command line."""

STRINGS = {
    "speed.title": {"en": "Is ReLU popular because it is fast?", "ko": "ReLU는 빨라서 인기일까?"},
    "speed.intro": {
        "en": "The usual claim: ReLU wins because it is only a compare with zero. Here every activation "
        "runs on one tensor on this server's hardware and is timed against a plain copy (`x.clone()`), "
        "which reads and writes each element once, just like an elementwise activation: the "
        "memory-bandwidth floor. **1.00× = as fast as a copy**; lower is slower.",
        "ko": "흔히 ReLU가 0과 비교만 하면 되니 빨라서 이긴다고 말합니다. 이 페이지는 모든 활성화 함수를 "
        "이 서버의 하드웨어에서 하나의 텐서로 실행해, 원소마다 한 번 읽고 한 번 쓰는 점에서 원소별 "
        "활성화 함수와 똑같은 단순 복사(`x.clone()`)와 비교합니다. 복사는 메모리 대역폭이 정하는 하한입니다. "
        "**1.00× = 복사만큼 빠름**이고, 낮을수록 느립니다.",
    },
    "speed.device": {"en": "Device", "ko": "장치"},
    "speed.device_help": {
        "en": "Only the devices PyTorch can use on this server are listed.",
        "ko": "이 서버에서 PyTorch가 쓸 수 있는 장치만 보입니다.",
    },
    "speed.dtype": {"en": "Data type", "ko": "데이터 타입"},
    "speed.dtype_help": {
        "en": "bfloat16 and float16 move half the bytes of float32; on CPU most activations compute "
        "them in float32 internally.",
        "ko": "bfloat16과 float16은 float32의 절반 바이트만 옮깁니다. CPU에서는 대부분의 활성화 함수가 "
        "내부적으로 float32로 계산합니다.",
    },
    "speed.size": {"en": "Elements", "ko": "원소 개수"},
    "speed.size_help": {
        "en": "Number of elements of the input tensor, 1 to 16,777,216 (2^24). Small tensors measure "
        "per-call overhead, large ones memory bandwidth.",
        "ko": "입력 텐서의 원소 개수로 1부터 16,777,216(2^24)까지입니다. 작은 텐서는 호출당 오버헤드를, "
        "큰 텐서는 메모리 대역폭을 잽니다.",
    },
    "speed.presets": {"en": "Quick sizes", "ko": "빠른 선택"},
    "speed.size_caption": {
        "en": "{count} {count:element|elements} · {bytes} per tensor in {dtype}",
        "ko": "원소 {count}개 · {dtype} 텐서 하나에 {bytes}",
    },
    "speed.hardware": {
        "en": "{device}: {name} · PyTorch {torch} · {threads} CPU {threads:thread|threads}",
        "ko": "{device}: {name} · PyTorch {torch} · CPU 스레드 {threads}개",
    },
    "speed.run": {"en": "Run benchmark", "ko": "벤치마크 실행"},
    "speed.rerun": {"en": "Measure again", "ko": "다시 측정"},
    "speed.prompt": {
        "en": "Press **Run benchmark** to time {count} {count:activation|activations} on {size} "
        "{size:element|elements} ({device}, {dtype}). It takes a few seconds; up to about a minute at the "
        "largest sizes.",
        "ko": "**벤치마크 실행**을 누르면 활성화 함수 {count}개를 원소 {size}개({device}, {dtype})로 "
        "측정합니다. 몇 초 걸리며, 가장 큰 크기에서는 1분 가까이 걸릴 수 있습니다.",
    },
    "speed.progress": {
        "en": "Measuring {label} · {phase} ({done}/{total})",
        "ko": "{label} 측정 중 · {phase} ({done}/{total})",
    },
    "speed.starting": {"en": "Preparing the tensors…", "ko": "텐서를 준비하는 중…"},
    "speed.phase.fwd": {"en": "forward", "ko": "순전파"},
    "speed.phase.fwd_bwd": {"en": "forward + backward", "ko": "순전파 + 역전파"},
    "speed.phase.inplace": {"en": "in place", "ko": "in-place"},
    "speed.phase.done": {"en": "done", "ko": "완료"},
    "speed.busy": {
        "en": "Another benchmark is running on this server right now. Only one runs at a time so the "
        "numbers stay honest; try again in a few seconds.",
        "ko": "지금 이 서버에서 다른 벤치마크가 실행 중입니다. 측정값이 서로 방해받지 않도록 한 번에 하나만 "
        "실행합니다. 몇 초 뒤에 다시 시도해 주세요.",
    },
    "speed.measured": {
        "en": "Measured at {time} in {elapsed} s ({rounds} {rounds:round|rounds}). Results are kept per "
        "device, dtype and size for everyone on this server.",
        "ko": "{time}에 {elapsed}초 동안 측정했습니다({rounds}회 반복). 결과는 장치, 데이터 타입, "
        "크기별로 이 서버의 모든 사용자에게 보관됩니다.",
    },
    "speed.conclusion": {"en": "What the numbers say", "ko": "측정 결과가 말해 주는 것"},
    "speed.m.copy": {"en": "Copy (floor)", "ko": "복사(하한)"},
    "speed.m.bandwidth": {"en": "Copy bandwidth", "ko": "복사 대역폭"},
    "speed.m.relu": {"en": "ReLU vs copy", "ko": "ReLU 대 복사"},
    "speed.m.threads": {"en": "CPU threads", "ko": "CPU 스레드"},
    "speed.m.relu_help": {
        "en": "Copy time / ReLU time, forward pass. 1.00× = as fast as a copy.",
        "ko": "순전파 기준 복사 시간 / ReLU 시간. 1.00× = 복사만큼 빠름.",
    },
    "speed.m.threads_help": {
        "en": "torch.get_num_threads(): the intra-op threads PyTorch used on the CPU.",
        "ko": "torch.get_num_threads(): PyTorch가 CPU 연산 하나에 쓴 스레드 수입니다.",
    },
    "speed.view": {"en": "Chart", "ko": "차트"},
    "speed.view.fwd": {"en": "Forward", "ko": "순전파"},
    "speed.view.fwd_bwd": {"en": "Forward + backward", "ko": "순전파 + 역전파"},
    "speed.view.inplace": {"en": "In place vs out of place", "ko": "in-place 대 out-of-place"},
    "speed.chart.copy_line": {"en": "copy = 1", "ko": "복사 = 1"},
    "speed.chart.axis_fwd": {
        "en": "speed relative to x.clone() (copy time / activation time; higher is faster)",
        "ko": "x.clone() 대비 속도 (복사 시간 / 활성화 함수 시간, 높을수록 빠름)",
    },
    "speed.chart.axis_fwd_bwd": {
        "en": "speed relative to -x, forward + backward (a copy both ways; higher is faster)",
        "ko": "-x의 순전파 + 역전파 대비 속도 (양방향 복사와 같음, 높을수록 빠름)",
    },
    "speed.chart.time": {"en": "median time (IQR)", "ko": "중앙값 시간(IQR)"},
    "speed.chart.ratio": {"en": "vs copy", "ko": "복사 대비"},
    "speed.chart.out_of_place": {"en": "out of place: f(x)", "ko": "out-of-place: f(x)"},
    "speed.chart.in_place": {"en": "in place: f_(x)", "ko": "in-place: f_(x)"},
    "speed.chart.speedup": {"en": "in place: {factor}×", "ko": "in-place: {factor}배"},
    "speed.chart.caption": {
        "en": "Bars: median over the samples; whiskers: interquartile range of the activation's time. "
        "ReLU in red.",
        "ko": "막대는 표본의 중앙값, 수염은 활성화 함수 시간의 사분위 범위(IQR)입니다. ReLU는 빨간색입니다.",
    },
    "speed.col.activation": {"en": "Activation", "ko": "활성화 함수"},
    "speed.col.fwd": {"en": "Forward ({unit})", "ko": "순전파({unit})"},
    "speed.col.fwd_spread": {"en": "Spread (IQR)", "ko": "편차(IQR)"},
    "speed.col.gbps": {"en": "GB/s", "ko": "GB/s"},
    "speed.col.ratio_to_copy": {"en": "× copy", "ko": "× 복사"},
    "speed.col.fwd_bwd": {"en": "Fwd + bwd ({unit})", "ko": "순전파+역전파({unit})"},
    "speed.col.fwd_bwd_ratio_to_copy": {"en": "× copy (fwd + bwd)", "ko": "× 복사(순+역)"},
    "speed.col.inplace_call": {"en": "In-place variant", "ko": "in-place 버전"},
    "speed.col.out_of_place": {"en": "Out of place ({unit})", "ko": "out-of-place({unit})"},
    "speed.col.verified": {"en": "Really in place", "ko": "실제 in-place"},
    "speed.col.verified_help": {
        "en": "Checked before timing: the call returned its input tensor and its values equal the "
        "out-of-place result.",
        "ko": "측정 전에 확인했습니다: 호출이 입력 텐서를 그대로 돌려주었고 값이 out-of-place 결과와 "
        "같습니다.",
    },
    "speed.col.spread_help": {
        "en": "Interquartile range of the forward samples relative to the median.",
        "ko": "순전파 표본의 사분위 범위를 중앙값에 대한 비율로 나타낸 값입니다.",
    },
    "speed.col.fwd_bwd_ratio_help": {
        "en": "Forward + backward time of -x (one read and one write each way, like a copy) / the "
        "activation's forward + backward time.",
        "ko": "-x의 순전파 + 역전파 시간(양방향 모두 한 번 읽고 한 번 써서 복사와 같음) / 활성화 함수의 "
        "순전파 + 역전파 시간.",
    },
    "speed.inplace_title": {"en": "In-place variants", "ko": "in-place 버전"},
    "speed.inplace_caption": {
        "en": "Forward pass only. In a network, `nn.ReLU(inplace=True)` saves one activation tensor of "
        "memory; autograd allows it only where the overwritten values aren't needed for the backward "
        "pass.",
        "ko": "순전파만 잽니다. 신경망에서 `nn.ReLU(inplace=True)`는 활성화 텐서 하나만큼 메모리를 "
        "아낍니다. autograd는 덮어쓴 값이 역전파에 필요하지 않은 곳에서만 이를 허용합니다.",
    },
    "speed.col.inplace": {"en": "In place ({unit})", "ko": "in-place({unit})"},
    "speed.col.inplace_speedup": {"en": "In-place speed-up", "ko": "in-place 속도 향상"},
    "speed.col.error": {"en": "Error", "ko": "오류"},
    "speed.col.ratio_help": {
        "en": "Copy time / activation time. 1.00 = as fast as x.clone().",
        "ko": "복사 시간 / 활성화 함수 시간. 1.00 = x.clone()만큼 빠름.",
    },
    "speed.col.gbps_help": {
        "en": "Forward: bytes read + bytes written / time.",
        "ko": "순전파에서 읽은 바이트 + 쓴 바이트 / 시간.",
    },
    "speed.col.speedup_help": {
        "en": "Out-of-place forward time / in-place forward time.",
        "ko": "out-of-place 순전파 시간 / in-place 순전파 시간.",
    },
    "speed.method": {"en": "How this is measured", "ko": "측정 방법"},
    "speed.method_text": {
        "en": "- Input: {size} standard-normal {size:value|values} ({dtype}, {bytes}) on {device} ({name}); "
        "every activation at PyTorch's default parameters.\n"
        "- Forward: `f(x)`, a new tensor each call. Forward + backward: `torch.autograd.grad(f(x), x, g)`. "
        "In place: `torch.relu_(x)` and friends on a buffer restored before every sample; each was "
        "checked to return its input and to equal `f(x)`.\n"
        "- References: `x.clone()` for the forward pass; for forward + backward, `-x`, which reads and "
        "writes each element once in each direction, like a copy.\n"
        "- Timing: {warmup} warm-up {warmup:call|calls} per op, then up to {repeats} interleaved "
        "{repeats:round|rounds} (each round samples every op once, the copy too, so background load "
        "spreads over all of them), each "
        "sample the mean of enough back-to-back calls to last about {target} ms. Median and "
        "interquartile range (IQR) over the samples. Clock: {timer}.\n"
        "- Threads: {threads} (torch.get_num_threads()). PyTorch {torch}.\n"
        "- GB/s counts one read and one write per element: 2 × {bytes} per forward call.",
        "ko": "- 입력: 표준정규분포 값 {size}개({dtype}, {bytes}), 장치 {device}({name}). 모든 활성화 "
        "함수는 PyTorch 기본 파라미터로 실행합니다.\n"
        "- 순전파: `f(x)`, 호출마다 새 텐서를 만듭니다. 순전파 + 역전파: "
        "`torch.autograd.grad(f(x), x, g)`. in-place: `torch.relu_(x)` 등을 표본마다 원래 값으로 되돌린 "
        "버퍼에 적용합니다. 각 버전이 입력 텐서를 그대로 돌려주고 `f(x)`와 같은 값을 내는지 확인했습니다.\n"
        "- 기준: 순전파는 `x.clone()`, 순전파 + 역전파는 `-x`입니다. `-x`는 복사처럼 양방향 모두 원소마다 "
        "한 번 읽고 한 번 씁니다.\n"
        "- 시간 측정: 연산마다 워밍업 {warmup}회 후 최대 {repeats}라운드를 번갈아 측정합니다(라운드마다 "
        "복사를 포함한 모든 연산을 한 번씩 재므로 다른 작업의 부하가 한 연산에 몰리지 않습니다). 표본 "
        "하나는 약 {target}ms가 되도록 연속 호출한 평균입니다. 표본의 중앙값과 사분위 범위(IQR)를 "
        "보여 줍니다. 시계: {timer}.\n"
        "- 스레드: {threads}개(torch.get_num_threads()). PyTorch {torch}.\n"
        "- GB/s는 원소마다 한 번 읽고 한 번 쓴다고 보고 계산합니다: 순전파 한 번에 2 × {bytes}.",
    },
    "speed.inplace_unverified": {
        "en": "These in-place variants did not write into their input or did not match the "
        "out-of-place result: {names}.",
        "ko": "다음 in-place 버전은 입력에 직접 쓰지 않았거나 out-of-place 결과와 달랐습니다: {names}.",
    },
    "speed.errors": {
        "en": "Some activations could not run with this device and dtype; their rows are empty: {names}.",
        "ko": "일부 활성화 함수는 이 장치와 데이터 타입으로 실행할 수 없어 빈칸으로 남겼습니다: {names}.",
    },
    "speed.c.overhead": {
        "en": "At {size} {size:element|elements} a copy takes only {copy}: these numbers mostly measure "
        "the fixed cost of a call, not arithmetic or memory traffic. Pick a larger size to test the claim.",
        "ko": "원소 {size}개에서는 복사가 {copy}밖에 걸리지 않습니다. 이 숫자들은 계산이나 메모리 전송보다 "
        "호출 한 번의 고정 비용을 주로 잽니다. 주장을 검증하려면 더 큰 크기를 고르세요.",
    },
    "speed.c.relu_rank": {
        "en": "ReLU's forward pass took {relu}, {ratio} the speed of a copy ({copy}): number {rank} "
        "of {count}.",
        "ko": "ReLU 순전파는 {relu} 걸려 복사({copy}) 대비 {ratio} 속도로, {count}개 중 {rank}위입니다.",
    },
    "speed.c.compared": {
        "en": "For forward + backward, which is what training pays, ReLU took {relu}; relative to that: "
        "{items}.",
        "ko": "학습할 때 실제로 치르는 순전파 + 역전파에서 ReLU는 {relu} 걸렸고, "
        "이를 기준으로 {items}입니다.",
    },
    "speed.c.verdict_same": {
        "en": "**Verdict:** here ReLU is not meaningfully faster than the smooth activations that "
        "replaced it in transformers (about {factor}× on average), so speed can't be what makes "
        "it popular on this hardware.",
        "ko": "**결론:** 여기서는 ReLU가 트랜스포머에서 그 자리를 대신한 부드러운 활성화 함수들보다 의미 "
        "있게 빠르지 않습니다(평균 약 {factor}배). 이 하드웨어에서는 속도가 인기의 이유일 수 없습니다.",
    },
    "speed.c.verdict_modest": {
        "en": "**Verdict:** ReLU is faster, but modestly: the smooth ones take about {factor}× as long, "
        "so ReLU saves about {percent}% of the activation's time.",
        "ko": "**결론:** ReLU가 빠르긴 하지만 차이는 크지 않습니다. 부드러운 함수들이 약 {factor}배 "
        "걸리므로 ReLU로 활성화 함수 시간의 약 {percent}%를 아낍니다.",
    },
    "speed.c.verdict_clear": {
        "en": "**Verdict:** ReLU is clearly faster here: the smooth ones take about {factor}× as long "
        "({percent}% of the activation's time saved). On this hardware speed is a real argument.",
        "ko": "**결론:** 여기서는 ReLU가 확실히 빠릅니다. 부드러운 함수들이 약 {factor}배 걸립니다"
        "(활성화 함수 시간의 {percent}% 절약). 이 하드웨어에서는 속도가 실제 근거가 됩니다.",
    },
    "speed.c.verdict_noisy": {
        "en": "**No verdict:** the samples of ReLU, GELU or SiLU scatter too much (interquartile range "
        "above half the median) to tell them apart reliably. Measure again when the machine is quieter.",
        "ko": "**결론 보류:** ReLU, GELU, SiLU 중 표본이 너무 흩어진 것이 있어(사분위 범위가 중앙값의 절반 "
        "이상) 믿을 만하게 구분할 수 없습니다. 기계가 한가할 때 다시 측정하세요.",
    },
    "speed.c.near_copy": {
        "en": "{count} of {total} {total:activation|activations} {count:runs|run} at {percent}% of copy "
        "speed or better ({names}): for {count:it|them} memory traffic, not arithmetic, sets the time.",
        "ko": "{total}개 중 {count}개가 복사 속도의 {percent}% 이상으로 실행됩니다({names}). 이 함수들은 "
        "계산이 아니라 메모리 전송이 시간을 정합니다.",
    },
    "speed.c.none_near_copy": {
        "en": "No activation reaches {percent}% of copy speed: at this size and dtype the arithmetic "
        "(or the call overhead) costs more than moving the data.",
        "ko": "복사 속도의 {percent}%에 이르는 활성화 함수가 없습니다. 이 크기와 데이터 타입에서는 "
        "데이터를 옮기는 것보다 계산(또는 호출 오버헤드)이 더 비쌉니다.",
    },
    "speed.c.slowest": {
        "en": "The slowest, {name}, runs at {ratio} copy speed, {factor}× ReLU's time.",
        "ko": "가장 느린 {name}은(는) 복사 대비 {ratio} 속도로 ReLU의 {factor}배 시간이 걸립니다.",
    },
    "speed.c.inplace_faster": {
        "en": "In place is faster: over the {count} {count:activation|activations} with an in-place "
        "variant the median speed-up is {factor}×, from not allocating a new tensor ({label}: `{call}` "
        "took {inplace}, "
        "out of place {fwd}).",
        "ko": "in-place가 더 빠릅니다. in-place 버전이 있는 활성화 함수 {count}개의 속도 향상 중앙값은 "
        "{factor}배로, 새 텐서를 할당하지 않기 때문입니다({label}: `{call}` {inplace}, out-of-place {fwd}).",
    },
    "speed.c.inplace_same": {
        "en": "In place saves little time: over the {count} {count:activation|activations} with an "
        "in-place variant the median speed-up is {factor}× ({label}: `{call}` took {inplace}, out of "
        "place {fwd}). Its "
        "benefit is memory.",
        "ko": "in-place로 아끼는 시간은 적습니다. in-place 버전이 있는 활성화 함수 {count}개의 속도 향상 "
        "중앙값은 {factor}배입니다({label}: `{call}` {inplace}, out-of-place {fwd}). 이점은 메모리에 "
        "있습니다.",
    },
    "speed.c.inplace_slower": {
        "en": "In place was slower here: over the {count} {count:activation|activations} with an "
        "in-place variant the median ratio is {factor}× ({label}: `{call}` took {inplace}, out of "
        "place {fwd}).",
        "ko": "여기서는 in-place가 더 느렸습니다. in-place 버전이 있는 활성화 함수 {count}개의 비율 "
        "중앙값은 {factor}배입니다({label}: `{call}` {inplace}, out-of-place {fwd}).",
    },
    "speed.c.noisy": {
        "en": "The samples scatter widely (interquartile range up to {spread}% of the median): the "
        "machine was busy with other work. Measure again for steadier numbers.",
        "ko": "표본이 크게 흩어져 있습니다(사분위 범위가 중앙값의 최대 {spread}%). 기계가 다른 작업으로 "
        "바빴습니다. 더 안정된 값을 원하면 다시 측정하세요.",
    },
    "speed.reason.dtype_unsupported": {
        "en": "not supported on this device",
        "ko": "이 장치에서 지원하지 않습니다",
    },
    "speed.alt.ratio": {
        "en": "Bar chart, {view}: speed relative to a copy for {count} {count:activation|activations}, "
        "fastest first. The fastest is {fastest} ({fastest_ratio}), the slowest {slowest} ({slowest_ratio}).",
        "ko": "막대그래프, {view}: 활성화 함수 {count}개의 복사 대비 속도, 빠른 순. 가장 빠른 것은 "
        "{fastest}({fastest_ratio}), 가장 느린 것은 {slowest}({slowest_ratio})입니다.",
    },
    "speed.alt.relu": {
        "en": " ReLU: {ratio}, number {rank} of {count}.",
        "ko": " ReLU: {ratio}, {count}개 중 {rank}위.",
    },
    "speed.alt.inplace": {
        "en": "Bar chart, in place vs out of place, for the {count} {count:activation|activations} with an "
        "in-place variant: the median in-place speed-up is {median}×, the largest {top} ({factor}×).",
        "ko": "막대그래프, in-place 대 out-of-place, in-place 버전이 있는 활성화 함수 {count}개: in-place "
        "속도 향상 중앙값은 {median}배, 가장 큰 것은 {top}({factor}배)입니다.",
    },
    "speed.alt.empty": {
        "en": "Bar chart, {view}: no activation could be measured.",
        "ko": "막대그래프, {view}: 측정할 수 있는 활성화 함수가 없습니다.",
    },
}
