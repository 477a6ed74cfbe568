"""Strings of the Softmax page."""

STRINGS = {
    "softmax.intro": {
        "en": "Softmax turns a network's raw outputs, the logits z, into probabilities that add up "
        "to 1. It sits on the output layer of nearly every classifier and language model. Type "
        "your own logits or start from a preset: every number below is computed by PyTorch in "
        "float64.",
        "ko": "소프트맥스는 신경망의 출력값인 로짓 z를 합이 1인 확률로 바꿉니다. 거의 모든 분류기와 "
        "언어 모델의 출력층에 쓰입니다. 로짓을 직접 입력하거나 예시에서 시작해 보세요. 아래의 모든 "
        "값은 PyTorch가 float64로 계산합니다.",
    },
    # Inputs
    "softmax.logits": {"en": "Logits z", "ko": "로짓 z"},
    "softmax.logits_help": {
        "en": "1 to 64 numbers separated by commas or spaces, such as 2, 1, 0.1. A Python list or "
        "tensor([...]) can be pasted as it is. The charts follow as you type.",
        "ko": "쉼표나 공백으로 구분한 숫자 1~64개(예: 2, 1, 0.1). 파이썬 리스트나 tensor([...])를 "
        "그대로 붙여 넣어도 됩니다. 입력하는 대로 차트가 바뀝니다.",
    },
    "softmax.names": {"en": "Class names (optional)", "ko": "클래스 이름(선택)"},
    "softmax.names_help": {
        "en": "One per logit, separated by commas (or by spaces when there is no comma). Letters, "
        "digits, spaces and - _ . ' + / only. Classes without a name are numbered #0, #1, …",
        "ko": "로짓마다 하나씩, 쉼표로 구분합니다(쉼표가 없으면 공백으로 구분). 글자, 숫자, 공백과 "
        "- _ . ' + / 만 쓸 수 있습니다. 이름이 없는 클래스는 #0, #1, … 으로 표시됩니다.",
    },
    "softmax.names_placeholder": {"en": "cat, dog, bird", "ko": "고양이, 개, 새"},
    "softmax.presets": {"en": "Presets", "ko": "예시"},
    "softmax.preset.confident": {"en": "Confident classifier", "ko": "확신에 찬 분류기"},
    "softmax.preset.near_tie": {"en": "Near tie", "ko": "거의 동점"},
    "softmax.preset.long_tail": {"en": "Language model: long tail", "ko": "언어 모델: 긴 꼬리"},
    "softmax.preset.huge": {
        "en": "Huge logits: naive exp overflows",
        "ko": "아주 큰 로짓: 단순 exp 오버플로",
    },
    "softmax.temperature": {"en": "Temperature T (log scale)", "ko": "온도 T(로그 눈금)"},
    "softmax.temperature_help": {
        "en": "Softmax of z / T. T < 1 sharpens the probabilities toward argmax (the limit T → 0), "
        "T > 1 flattens them toward uniform (T → ∞). T = 1 is plain softmax.",
        "ko": "z / T에 소프트맥스를 적용합니다. T < 1이면 확률이 argmax 쪽으로 뾰족해지고(T → 0의 "
        "극한), T > 1이면 균등 분포 쪽으로 평평해집니다(T → ∞). T = 1이 보통의 소프트맥스입니다.",
    },
    "softmax.sort": {"en": "Sort by probability", "ko": "확률순으로 정렬"},
    "softmax.sort_help": {
        "en": "Draw the classes from the most to the least likely instead of in input order.",
        "ko": "입력 순서 대신 확률이 큰 클래스부터 차례로 그립니다.",
    },
    # Problems with the typed text
    "softmax.logits_problem": {
        "en": "Can't read the logits: {detail} Showing these instead: {fallback}.",
        "ko": "로짓을 읽을 수 없습니다: {detail} 대신 다음 값을 씁니다: {fallback}.",
    },
    "softmax.names_problem": {
        "en": "Can't use the class names: {detail} The classes are numbered instead.",
        "ko": "클래스 이름을 쓸 수 없습니다: {detail} 대신 번호로 표시합니다.",
    },
    "softmax.detail.empty": {
        "en": "there is no number in it (type 1 to 64 of them).",
        "ko": "숫자가 하나도 없습니다(1~64개를 입력하세요).",
    },
    "softmax.detail.too_many": {
        "en": "it holds {count} {count:value|values} and at most {limit} are allowed.",
        "ko": "값이 {count}개인데 최대 {limit}개까지만 쓸 수 있습니다.",
    },
    "softmax.detail.too_long": {
        "en": "it is {count} {count:character|characters} long and at most {limit} are allowed.",
        "ko": "{count}자인데 최대 {limit}자까지만 쓸 수 있습니다.",
    },
    "softmax.detail.not_a_number": {
        "en": "value {position}, “{token}”, is not a plain decimal number (like 2, -0.5 or 1e3).",
        "ko": "{position}번째 값 “{token}”은(는) 일반 십진수가 아닙니다(예: 2, -0.5, 1e3).",
    },
    "softmax.detail.not_finite": {
        "en": "value {position}, “{token}”, is not a finite number.",
        "ko": "{position}번째 값 “{token}”은(는) 유한한 수가 아닙니다.",
    },
    "softmax.detail.too_large": {
        "en": "value {position}, “{token}”, is beyond ±{limit}.",
        "ko": "{position}번째 값 “{token}”이(가) ±{limit} 범위를 벗어납니다.",
    },
    "softmax.detail.name_too_long": {
        "en": "name {position}, “{token}”, is longer than {limit} {limit:character|characters}.",
        "ko": "{position}번째 이름 “{token}”이(가) {limit}자보다 깁니다.",
    },
    "softmax.detail.name_characters": {
        "en": "name {position}, “{token}”, may only hold letters, digits, spaces and - _ . ' + /.",
        "ko": "{position}번째 이름 “{token}”에는 글자, 숫자, 공백과 - _ . ' + / 만 쓸 수 있습니다.",
    },
    "softmax.detail.duplicate_name": {
        "en": "“{token}” names two classes (name {position} repeats an earlier one).",
        "ko": "“{token}”이(가) 두 클래스의 이름입니다({position}번째 이름이 앞의 이름과 같습니다).",
    },
    "softmax.names_fewer": {
        "en": "{given} {given:name|names} for {count} {count:class|classes}: the others are numbered.",
        "ko": "클래스 {count}개에 이름이 {given}개입니다. 나머지는 번호로 표시합니다.",
    },
    "softmax.names_more": {
        "en": "{given} {given:name|names} for {count} {count:class|classes}: the extra names are not used.",
        "ko": "클래스 {count}개에 이름이 {given}개입니다. 남는 이름은 쓰지 않습니다.",
    },
    # Summary
    "softmax.metric.sum": {"en": "Sum of p", "ko": "확률의 합"},
    "softmax.metric.sum_help": {
        "en": "Always 1, up to float64 rounding (about 1e-16).",
        "ko": "float64 반올림 오차(약 1e-16)를 빼면 항상 1입니다.",
    },
    "softmax.metric.argmax": {"en": "argmax", "ko": "argmax"},
    "softmax.metric.argmax_help": {
        "en": "The most likely class: the one with the largest logit, at every temperature.",
        "ko": "확률이 가장 큰 클래스, 곧 로짓이 가장 큰 클래스입니다. 온도를 바꿔도 같습니다.",
    },
    "softmax.metric.max_p": {"en": "max p", "ko": "최대 확률"},
    "softmax.metric.entropy_nats": {"en": "Entropy (nats)", "ko": "엔트로피(nat)"},
    "softmax.metric.entropy_bits": {"en": "Entropy (bits)", "ko": "엔트로피(bit)"},
    "softmax.metric.entropy_help": {
        "en": "H = −Σ p log p: 0 for a one-hot output, ln K = {nats:.4g} nats ({bits:.4g} bits) for "
        "the uniform one.",
        "ko": "H = −Σ p log p. 원-핫 출력이면 0, 균등 분포이면 ln K = {nats:.4g} nat({bits:.4g} bit)입니다.",
    },
    "softmax.metric.perplexity": {"en": "Perplexity", "ko": "퍼플렉서티"},
    "softmax.metric.perplexity_help": {
        "en": "exp(H): the output is as uncertain as a fair pick among this many classes (1 to K).",
        "ko": "exp(H): 이 개수만큼의 클래스 중에서 공평하게 고르는 것과 같은 불확실성입니다(1~K).",
    },
    "softmax.tie": {"en": "{count}-way tie", "ko": "{count}개 동점"},
    # Tabs
    "softmax.tab.values": {"en": "Values", "ko": "값"},
    "softmax.tab.temperature": {"en": "Temperature", "ko": "온도"},
    "softmax.tab.loss": {"en": "Loss & gradient", "ko": "손실과 기울기"},
    "softmax.tab.sampling": {"en": "Sampling", "ko": "샘플링"},
    "softmax.tab.stability": {"en": "Numerical stability", "ko": "수치 안정성"},
    "softmax.tab.invariance": {"en": "Invariances", "ko": "불변성"},
    "softmax.tab.sigmoid": {"en": "Softmax vs sigmoid", "ko": "소프트맥스와 시그모이드"},
    "softmax.tab.jacobian": {"en": "Jacobian", "ko": "야코비안"},
    # Values
    "softmax.col.class": {"en": "class", "ko": "클래스"},
    "softmax.values_caption": {
        "en": "p = softmax(u) and log p = log_softmax(u) = u − logsumexp(u), with u = z / T. "
        "torch.log_softmax computes the log directly: more accurate than log(softmax(u)), which "
        "gives −inf once p underflows to 0.",
        "ko": "u = z / T일 때 p = softmax(u), log p = log_softmax(u) = u − logsumexp(u)입니다. "
        "torch.log_softmax는 로그를 바로 계산하므로, p가 0으로 언더플로하면 −inf가 되는 "
        "log(softmax(u))보다 정확합니다.",
    },
    # Temperature
    "softmax.temperature_caption": {
        "en": "Dividing the logits by T before softmax: a low T exaggerates their differences, a "
        "high T washes them out. Softmax never changes the ranking, only how sharp it is. "
        "Language models usually sample with T between 0.7 and 1; distillation uses T > 1 to "
        "bring out the small probabilities.",
        "ko": "소프트맥스 전에 로짓을 T로 나눕니다. T가 낮으면 로짓 사이의 차이가 커지고, 높으면 "
        "차이가 흐려집니다. 순위는 바뀌지 않고 얼마나 뾰족한지만 바뀝니다. 언어 모델은 보통 "
        "T = 0.7~1로 샘플링하고, 지식 증류는 작은 확률까지 드러내려고 T > 1을 씁니다.",
    },
    "softmax.cold_limit": {
        "en": "T → 0: softmax becomes argmax, all the probability on {argmax}.",
        "ko": "T → 0: 소프트맥스는 argmax가 되어 모든 확률이 {argmax}에 몰립니다.",
    },
    "softmax.cold_limit_tie": {
        "en": "T → 0: softmax becomes argmax; the largest logit is shared by {argmax}, so they split "
        "the probability evenly.",
        "ko": "T → 0: 소프트맥스는 argmax가 됩니다. 가장 큰 로짓을 {argmax}이(가) 함께 가지므로 "
        "확률을 똑같이 나눕니다.",
    },
    "softmax.hot_limit": {
        "en": "T → ∞: every class gets 1/K = {uniform:.4g}.",
        "ko": "T → ∞: 모든 클래스가 1/K = {uniform:.4g}을(를) 받습니다.",
    },
    # Loss & gradient
    "softmax.target": {"en": "Target class (index)", "ko": "정답 클래스(인덱스)"},
    "softmax.target_help": {
        "en": "The class the example really belongs to, from 0 to K − 1.",
        "ko": "예제가 실제로 속한 클래스입니다. 0부터 K − 1까지.",
    },
    "softmax.target_is": {"en": "Target: {label}", "ko": "정답: {label}"},
    "softmax.metric.loss": {"en": "Cross-entropy (nats)", "ko": "교차 엔트로피(nat)"},
    "softmax.metric.p_target": {"en": "p(target)", "ko": "p(정답)"},
    "softmax.metric.uniform_loss": {"en": "Uniform guess: ln K", "ko": "균등 추측: ln K"},
    "softmax.metric.uniform_loss_help": {
        "en": "The loss of an untrained network that outputs equal logits.",
        "ko": "모든 로짓이 같은, 학습 전 신경망의 손실입니다.",
    },
    "softmax.loss_caption": {
        "en": "Bars: the gradient of F.cross_entropy(z / T, target) with respect to each logit, by "
        "autograd. Diamonds: the closed form (p − onehot(target)) / T. Largest difference: {diff}.",
        "ko": "막대: F.cross_entropy(z / T, target)를 각 로짓으로 미분한 값(autograd). 마름모: 닫힌 "
        "형태 (p − onehot(target)) / T. 가장 큰 차이: {diff}.",
    },
    "softmax.why_simple": {
        "en": "Why so simple: the loss is −log p_y = −u_y + log Σ_j exp(u_j) with u = z / T, and the "
        "derivative of log-sum-exp is softmax itself. So training pushes the target's logit up by "
        "1 − p_y and every other logit down by its own probability; the push is never larger than "
        "1/T, and it only stops when p(target) = 1. This is why softmax and cross-entropy are "
        "fused into one function (and one backward pass) in every framework.",
        "ko": "왜 이렇게 간단할까요? u = z / T라 하면 손실은 −log p_y = −u_y + log Σ_j exp(u_j)이고, "
        "log-sum-exp의 도함수가 바로 소프트맥스이기 때문입니다. 그래서 학습은 정답 로짓을 1 − p_y만큼 "
        "올리고 다른 로짓은 각자의 확률만큼 내립니다. 그 크기는 1/T를 넘지 않고, p(정답) = 1이 되어야 "
        "멈춥니다. 모든 프레임워크가 소프트맥스와 교차 엔트로피를 하나의 함수(와 한 번의 역전파)로 "
        "합쳐 두는 이유입니다.",
    },
    # Sampling
    "softmax.top_k": {"en": "top-k (0 = off)", "ko": "top-k (0 = 끔)"},
    "softmax.top_k_help": {
        "en": "Keep only the k most likely classes (and any tied with the k-th).",
        "ko": "확률이 큰 k개 클래스만 남깁니다(k번째와 동점인 클래스도 남깁니다).",
    },
    "softmax.top_p": {"en": "top-p, nucleus (1 = off)", "ko": "top-p, 뉴클리어스 (1 = 끔)"},
    "softmax.top_p_help": {
        "en": "Then keep the smallest set of most likely classes whose probability adds up to at "
        "least p. The most likely class always stays.",
        "ko": "그다음, 확률이 큰 순서대로 합이 p 이상이 되는 가장 작은 집합만 남깁니다. 가장 확률이 큰 "
        "클래스는 항상 남습니다.",
    },
    "softmax.samples": {"en": "Samples N", "ko": "샘플 수 N"},
    "softmax.seed": {"en": "Seed", "ko": "시드"},
    "softmax.seed_help": {
        "en": "Seed of the torch.Generator: the same seed draws the same samples.",
        "ko": "torch.Generator의 시드입니다. 같은 시드는 같은 샘플을 뽑습니다.",
    },
    "softmax.draw_again": {"en": "Draw again", "ko": "다시 뽑기"},
    "softmax.draw_again_help": {"en": "Seed + 1.", "ko": "시드 + 1."},
    "softmax.metric.kept": {"en": "Classes kept", "ko": "남은 클래스"},
    "softmax.metric.kept_mass": {"en": "Probability kept", "ko": "남은 확률"},
    "softmax.metric.kept_mass_help": {
        "en": "How much of softmax's probability the kept classes held before renormalising.",
        "ko": "남은 클래스들이 재정규화 전에 가지고 있던 확률의 합입니다.",
    },
    "softmax.metric.tv": {"en": "Sampling error", "ko": "샘플링 오차"},
    "softmax.metric.tv_help": {
        "en": "Total variation distance ½ Σ |frequency − p|; it shrinks like 1/√N.",
        "ko": "총변동 거리 ½ Σ |빈도 − p|. 1/√N에 비례해 줄어듭니다.",
    },
    "softmax.sampling_caption": {
        "en": "torch.multinomial(p, N, replacement=True, generator=torch.Generator().manual_seed(seed)) "
        "on the filtered, renormalised probabilities. The more samples, the closer the orange bars "
        "come to the blue ones.",
        "ko": "필터링 후 재정규화한 확률로 torch.multinomial(p, N, replacement=True, "
        "generator=torch.Generator().manual_seed(seed))을 실행합니다. 샘플이 많을수록 주황 막대가 "
        "파란 막대에 가까워집니다.",
    },
    "softmax.first_draws": {"en": "First draws: {draws}", "ko": "처음 뽑힌 값: {draws}"},
    # Numerical stability
    "softmax.stability_intro": {
        "en": "The formula as written, exp(z) / Σ exp(z), breaks on large logits: in float32 exp "
        "overflows to inf above z ≈ {limit32:.2f} (in float64 above {limit64:.2f}), and inf / inf "
        "is NaN. Real implementations first subtract the largest logit m: softmax doesn't change "
        "(see Invariances) and the largest exp is exp(0) = 1. The same trick gives log-sum-exp: "
        "log Σ exp(z) = m + log Σ exp(z − m).",
        "ko": "식을 그대로 계산한 exp(z) / Σ exp(z)는 로짓이 크면 깨집니다. float32에서 exp는 "
        "z ≈ {limit32:.2f}를 넘으면 inf로 오버플로하고(float64는 {limit64:.2f}), inf / inf는 NaN입니다. "
        "실제 구현은 먼저 가장 큰 로짓 m을 뺍니다. 소프트맥스 값은 그대로이고(불변성 탭 참고) 가장 큰 "
        "exp가 exp(0) = 1이 됩니다. log-sum-exp도 같은 방법을 씁니다: log Σ exp(z) = m + log Σ exp(z − m).",
    },
    "softmax.overflow": {
        "en": "Here the largest z / T is {max}: exp overflows for {count32} of {size} {size:value|values} in "
        "float32 and for {count64} in float64.",
        "ko": "여기서 가장 큰 z / T는 {max}입니다. {size}개 중 float32에서는 {count32}개, float64에서는 "
        "{count64}개의 exp가 오버플로합니다.",
    },
    "softmax.no_overflow": {
        "en": "Here the largest z / T is {max}, below both limits: no exp overflows.",
        "ko": "여기서 가장 큰 z / T는 {max}로 두 한계보다 작아서 exp가 오버플로하지 않습니다.",
    },
    "softmax.result_ok": {"en": "correct", "ko": "정확함"},
    "softmax.result_broken": {"en": "broken", "ko": "틀림"},
    "softmax.col.naive32": {"en": "naive float32", "ko": "단순 계산 float32"},
    "softmax.col.naive64": {"en": "naive float64", "ko": "단순 계산 float64"},
    "softmax.col.stable32": {"en": "max subtracted, float32", "ko": "최댓값 뺀 float32"},
    "softmax.col.reference": {"en": "torch.softmax float64", "ko": "torch.softmax float64"},
    "softmax.lse": {
        "en": "log Σ exp(z / T): naive float32 {naive32}, naive float64 {naive64}, torch.logsumexp {lse}.",
        "ko": "log Σ exp(z / T): 단순 계산 float32 {naive32}, 단순 계산 float64 {naive64}, "
        "torch.logsumexp {lse}.",
    },
    # Invariances
    "softmax.invariance_intro": {
        "en": "Adding a constant c to every logit changes nothing: the factor exp(c) cancels between "
        "the numerator and the denominator, so only differences between logits matter. Scaling "
        "does change things: softmax(a·z / T) = softmax(z / (T / a)), so multiplying the logits "
        "by a is a temperature divided by a.",
        "ko": "모든 로짓에 같은 상수 c를 더해도 아무것도 바뀌지 않습니다. 분자와 분모의 exp(c)가 "
        "약분되므로 로짓 사이의 차이만 중요합니다. 곱하기는 다릅니다: softmax(a·z / T) = "
        "softmax(z / (T / a))이므로 로짓에 a를 곱하는 것은 온도를 a로 나누는 것과 같습니다.",
    },
    "softmax.metric.shift_error": {"en": "max |p(z + {shift}) − p(z)|", "ko": "max |p(z + {shift}) − p(z)|"},
    "softmax.metric.scale_error": {
        "en": "max |p({scale}·z / T) − p(z / (T/{scale}))|",
        "ko": "max |p({scale}·z / T) − p(z / (T/{scale}))|",
    },
    "softmax.metric.rounding_help": {
        "en": "Only floating-point rounding: mathematically exactly 0.",
        "ko": "부동소수점 반올림 오차일 뿐, 수학적으로는 정확히 0입니다.",
    },
    # Softmax vs sigmoid
    "softmax.sigmoid_intro": {
        "en": "For two classes, softmax([z₁, z₂])₁ = 1 / (1 + exp(−(z₁ − z₂))) = sigmoid(z₁ − z₂): "
        "sigmoid is softmax over the pair (x, 0). The two curves lie on top of each other and "
        "each of your logits, as x = z / T, lands on them. Largest difference: {diff}.",
        "ko": "클래스가 두 개이면 softmax([z₁, z₂])₁ = 1 / (1 + exp(−(z₁ − z₂))) = sigmoid(z₁ − z₂)"
        "입니다. 곧 시그모이드는 (x, 0) 두 값에 대한 소프트맥스입니다. 두 곡선은 정확히 겹치고, 입력한 "
        "로짓(x = z / T)도 모두 그 위에 놓입니다. 가장 큰 차이: {diff}.",
    },
    "softmax.sigmoid_use": {
        "en": "Use sigmoid for a yes/no output, or for independent labels (multi-label: one photo "
        "can show a cat and a dog), where the probabilities need not add up to 1. Use softmax for "
        "exactly one of K classes: the classes compete, and raising one lowers all the others.",
        "ko": "시그모이드는 예/아니요 출력이나 서로 독립적인 레이블(다중 레이블: 사진 한 장에 고양이와 "
        "개가 함께 있을 수 있음)에 쓰며, 확률의 합이 1일 필요가 없습니다. 소프트맥스는 K개 중 정확히 "
        "하나를 고를 때 씁니다. 클래스끼리 경쟁해서 하나가 오르면 나머지는 모두 내려갑니다.",
    },
    # Jacobian
    "softmax.jacobian_intro": {
        "en": "How each probability moves when one scaled logit u_j = z_j / T moves: ∂p_i/∂u_j = "
        "p_i([i = j] − p_j), the matrix diag(p) − p pᵀ (divide by T for the logits z). It is "
        "symmetric, every row sums to 0 because the probabilities still add up to 1, the diagonal "
        "p_i(1 − p_i) is positive and everything off it is negative. Autograd against the closed "
        "form: largest difference {diff}.",
        "ko": "스케일된 로짓 u_j = z_j / T 하나가 움직일 때 각 확률이 얼마나 움직이는지 보여 줍니다: "
        "∂p_i/∂u_j = p_i([i = j] − p_j), 곧 diag(p) − p pᵀ 행렬입니다(로짓 z에 대해서는 T로 "
        "나눕니다). 대칭 행렬이고, 확률의 합이 계속 1이므로 각 행의 합은 0입니다. 대각선 "
        "p_i(1 − p_i)는 양수, 나머지는 모두 음수입니다. autograd와 닫힌 형태의 가장 큰 차이: {diff}.",
    },
    # Chart labels
    "softmax.chart.probability": {"en": "probability p", "ko": "확률 p"},
    "softmax.chart.canvas": {
        "en": "Bar chart of softmax probabilities of z = {logits} at T = {temperature}, log p below it",
        "ko": "z = {logits}, T = {temperature}의 소프트맥스 확률 막대그래프, 그 아래는 log p",
    },
    "softmax.chart.unreadable": {
        "en": "Can't read these logits yet: the bars show the last ones that could be read.",
        "ko": "아직 이 로짓을 읽을 수 없습니다. 막대는 마지막으로 읽은 값을 보여 줍니다.",
    },
    "softmax.chart.temperature": {"en": "temperature T", "ko": "온도 T"},
    "softmax.chart.others": {"en": "{count} {count:other|others} (sum)", "ko": "나머지 {count}개(합)"},
    "softmax.chart.cold": {"en": "T → 0 (argmax)", "ko": "T → 0 (argmax)"},
    "softmax.chart.hot": {"en": "T → ∞ (uniform)", "ko": "T → ∞ (균등)"},
    "softmax.chart.autograd": {"en": "∂L/∂z by autograd", "ko": "autograd로 구한 ∂L/∂z"},
    "softmax.chart.closed_form": {"en": "(p − onehot) / T", "ko": "(p − onehot) / T"},
    "softmax.chart.softmax_p": {"en": "softmax p", "ko": "소프트맥스 p"},
    "softmax.chart.filtered": {
        "en": "after top-k / top-p, renormalised",
        "ko": "top-k / top-p 후 재정규화",
    },
    "softmax.chart.empirical": {
        "en": "frequency in {samples} {samples:draw|draws}",
        "ko": "{samples}번 뽑은 빈도",
    },
    "softmax.chart.your_logits": {"en": "your logits (x = z / T)", "ko": "입력한 로짓(x = z / T)"},
    "softmax.chart.sigmoid_each": {
        "en": "sigmoid(z / T) per class: sum {total}",
        "ko": "클래스별 sigmoid(z / T): 합 {total}",
    },
    "softmax.chart.softmax_all": {"en": "softmax(z / T): sum {total}", "ko": "softmax(z / T): 합 {total}"},
    "softmax.chart.jac_row": {"en": "p_i (row)", "ko": "p_i (행)"},
    "softmax.chart.jac_column": {"en": "u_j (column)", "ko": "u_j (열)"},
    # Downloads
    "softmax.export.csv": {"en": "Values (CSV)", "ko": "값(CSV)"},
    "softmax.export.csv_help": {
        "en": "Saves {name}: z, z/T, p and log p of every class as the table shows them, at full "
        "float64 precision.",
        "ko": "{name} 파일로 저장합니다. 표에 보이는 대로 클래스마다 z, z/T, p, log p를 float64 전체 "
        "정밀도로 담습니다.",
    },
    "softmax.export.html": {"en": "Chart (HTML)", "ko": "차트(HTML)"},
    "softmax.export.html_help": {
        "en": "Saves {name}: the interactive chart as a web page (it loads plotly.js from its CDN). "
        "For a picture, use the camera button on the chart (PNG).",
        "ko": "{name} 파일로 저장합니다. 대화형 차트를 웹 페이지로 담습니다(plotly.js는 CDN에서 "
        "불러옵니다). 그림으로 저장하려면 차트의 카메라 버튼(PNG)을 쓰세요.",
    },
    # Alt text of the charts (read by screen readers), built from the numbers
    "softmax.alt.probability": {
        "en": "Bar chart of softmax probabilities for {count} {count:class|classes} at T = {temperature}: "
        "p is largest for {top}{rest}. Below it, log p runs from {low} to {high}.",
        "ko": "T = {temperature}에서 클래스 {count}개의 소프트맥스 확률 막대그래프: p가 가장 큰 클래스는 "
        "{top}{rest}. 그 아래 log p는 {low}부터 {high}까지입니다.",
    },
    "softmax.alt.tied": {"en": "{names} (tied, {p} each)", "ko": "{names}(동점, 각각 {p})"},
    "softmax.alt.then": {"en": ", then {items}", "ko": ", 다음은 {items}"},
    "softmax.alt.smallest": {"en": "; the smallest is {item}", "ko": "; 가장 작은 것은 {item}"},
    "softmax.alt.sweep": {
        "en": "Line chart of p against temperature T (log scale, {low} to {high}) for {count} "
        "{count:class|classes}: at T = {low} {top} holds p = {cold}; at T = {high} the largest p is "
        "{hot} (uniform: {uniform}). The current T = {temperature} is marked.",
        "ko": "온도 T(로그 눈금, {low}~{high})에 따른 p의 꺾은선 그래프, 클래스 {count}개: T = {low}에서 "
        "{top}의 p = {cold}, T = {high}에서 가장 큰 p는 {hot}(균등: {uniform}). 현재 T = {temperature}에 "
        "표시가 있습니다.",
    },
    "softmax.alt.limits": {
        "en": "Grouped bars per class: as T → 0 all the probability goes to {argmax}; at T = {temperature} "
        "{top} has p = {p}; as T → ∞ every class gets {uniform}.",
        "ko": "클래스별 묶은 막대: T → 0이면 모든 확률이 {argmax}에 몰리고, T = {temperature}에서 {top}의 "
        "p = {p}, T → ∞이면 모든 클래스가 {uniform}을(를) 받습니다.",
    },
    "softmax.alt.gradient": {
        "en": "Bar chart of the cross-entropy gradient ∂L/∂z for the target {target}: {grad} on the "
        "target, from {low} to {high} on the other classes; autograd and (p − onehot) / T differ by at "
        "most {diff}.",
        "ko": "정답 {target}에 대한 교차 엔트로피 기울기 ∂L/∂z 막대그래프: 정답에서 {grad}, 나머지 "
        "클래스에서 {low}~{high}. autograd와 (p − onehot) / T의 차이는 최대 {diff}입니다.",
    },
    "softmax.alt.gradient_one": {
        "en": "Bar chart of the cross-entropy gradient ∂L/∂z for the only class, {target}: {grad}.",
        "ko": "하나뿐인 클래스 {target}에 대한 교차 엔트로피 기울기 ∂L/∂z 막대그래프: {grad}.",
    },
    "softmax.alt.sampling": {
        "en": "Grouped bars per class from {samples} {samples:draw|draws}: top-k / top-p keep {kept} of "
        "{count} {count:class|classes}; the most drawn is {top}, frequency {frequency} against p = {p}; "
        "sampling error {tv}.",
        "ko": "{samples}번 뽑은 결과의 클래스별 묶은 막대: top-k / top-p 후 클래스 {count}개 중 {kept}개가 "
        "남고, 가장 많이 뽑힌 {top}의 빈도는 {frequency}(p = {p}), 샘플링 오차는 {tv}입니다.",
    },
    "softmax.alt.invariance": {
        "en": "Grouped bars per class: softmax(z / T) and softmax((z + {shift}) / T) are the same (largest "
        "difference {shift_error}); softmax({scale}·z / T) is sharper: {top} goes from p = {p} to {sharper}.",
        "ko": "클래스별 묶은 막대: softmax(z / T)와 softmax((z + {shift}) / T)는 같고(가장 큰 차이 "
        "{shift_error}), softmax({scale}·z / T)는 더 뾰족해서 {top}의 p가 {p}에서 {sharper}(으)로 바뀝니다.",
    },
    "softmax.alt.sigmoid": {
        "en": "Line chart: sigmoid(x) and softmax([x, 0])₀ for x from {low} to {high} lie on top of each "
        "other (largest difference {diff}); your {count} {count:logit|logits} sit on them at x = z / T "
        "from {first} to {last}.",
        "ko": "꺾은선 그래프: x가 {low}부터 {high}까지일 때 sigmoid(x)와 softmax([x, 0])₀는 정확히 "
        "겹치고(가장 큰 차이 {diff}), 입력한 로짓 {count}개가 x = z / T = {first}~{last}에 놓입니다.",
    },
    "softmax.alt.multilabel": {
        "en": "Grouped bars per class: the independent sigmoid(z / T) values add up to {sigmoid_total}, "
        "the softmax probabilities to {softmax_total}; the largest sigmoid is {top} ({value}).",
        "ko": "클래스별 묶은 막대: 독립적인 sigmoid(z / T) 값의 합은 {sigmoid_total}, 소프트맥스 확률의 "
        "합은 {softmax_total}이고, 가장 큰 시그모이드 값은 {top}({value})입니다.",
    },
    "softmax.alt.jacobian": {
        "en": "Heatmap of the {count}×{count} Jacobian ∂p_i/∂u_j: the diagonal runs from {diag_low} to "
        "{diag_high}, the entries off it from {off_low} to {off_high}; every row adds up to 0.",
        "ko": "{count}×{count} 야코비안 ∂p_i/∂u_j 히트맵: 대각선은 {diag_low}~{diag_high}, 나머지 원소는 "
        "{off_low}~{off_high}이며 각 행의 합은 0입니다.",
    },
    "softmax.alt.jacobian_one": {
        "en": "Heatmap of the 1×1 Jacobian ∂p/∂u: {value}, since one class always has p = 1.",
        "ko": "1×1 야코비안 ∂p/∂u 히트맵: 클래스가 하나면 p가 항상 1이므로 {value}입니다.",
    },
}
